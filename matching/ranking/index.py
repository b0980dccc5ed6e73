"""The mentor index of one program: everything the ranker needs, as arrays, in memory.

Text: a fitted TF-IDF vectorizer and the L2-normalised mentor matrix, kept with its
transpose as an inverted index (term -> postings of mentor rows and weights), so scoring
one mentee reads only the postings of the mentee's terms instead of the whole matrix.

Structured fields are parallel numpy arrays indexed by row. Skills and expertise areas are
small inverted lists (id -> rows), languages and meeting modes bitmasks.

Changes between full rebuilds are applied with `upsert` (one mentor edits a profile): the
structured arrays are updated in place, and the mentor's new text vector goes to an overlay
that overrides the (now stale) postings for that row. The vocabulary stays that of the last
fit until the next rebuild; that is what makes a one-mentor catch-up cost microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.ranking.records import MentorRecord
from matching.ranking.text import make_vectorizer, tokenize

MAX_LANGUAGES = 63
MAX_MEETING_MODES = 8


class IndexFull(Exception):
    """More distinct languages or meeting modes than the bitmasks hold."""


@dataclass(frozen=True)
class QueryVector:
    """A mentee's text as the index's vectorizer sees it: term ids and L2-normalised weights."""

    terms: NDArray[np.int64]
    weights: NDArray[np.float64]

    @property
    def is_empty(self) -> bool:
        return self.terms.size == 0


class BitAssigner:
    """Gives each distinct label (a language code, a meeting mode) one bit of a mask."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.bits: dict[str, int] = {}

    def mask(self, labels: Iterable[str], *, grow: bool = True) -> int:
        value = 0
        for label in labels:
            bit = self.bits.get(label)
            if bit is None:
                if not grow:
                    continue  # a label no mentor has cannot match anyone
                if len(self.bits) >= self.limit:
                    raise IndexFull(f"more than {self.limit} distinct values: {label!r}")
                bit = self.bits[label] = len(self.bits)
            value |= 1 << bit
        return value


class Levels:
    """A column with few distinct values (UTC offsets, whole years) as codes into a table.

    Scoring then computes a factor once per distinct value and gathers it per row, instead
    of evaluating `exp` or `clip` for 100,000 rows. NaN (unknown) gets a code of its own.
    """

    def __init__(self) -> None:
        self.values: list[float] = []
        self._code_of: dict[float | None, int] = {}

    def code(self, value: float | None) -> int:
        key = None if value is None or np.isnan(value) else float(value)
        code = self._code_of.get(key)
        if code is None:
            code = self._code_of[key] = len(self.values)
            self.values.append(np.nan if key is None else key)
        return code

    def table(self) -> NDArray[np.float64]:
        return np.asarray(self.values, dtype=np.float64)


class Postings:
    """id -> sorted array of rows having it (skills, expertise areas)."""

    def __init__(self) -> None:
        self._rows: dict[int, NDArray[np.int64]] = {}

    @classmethod
    def build(cls, sets: Sequence[frozenset[int]]) -> Postings:
        postings = cls()
        collected: dict[int, list[int]] = {}
        for row, ids in enumerate(sets):
            for item in ids:
                collected.setdefault(item, []).append(row)
        postings._rows = {
            item: np.asarray(rows, dtype=np.int64) for item, rows in collected.items()
        }
        return postings

    def rows(self, item: int) -> NDArray[np.int64]:
        return self._rows.get(item, _NO_ROWS)

    def move(self, row: int, old: frozenset[int], new: frozenset[int]) -> None:
        for item in old - new:
            rows = self._rows.get(item)
            if rows is not None:
                self._rows[item] = rows[rows != row]
        for item in new - old:
            self._rows[item] = np.append(self._rows.get(item, _NO_ROWS), row)

    def count_matches(self, wanted: frozenset[int], n_rows: int) -> NDArray[np.float64]:
        """For every row, how many of `wanted` it has."""
        counts = np.zeros(n_rows, dtype=np.float64)
        for item in wanted:
            counts[self.rows(item)] += 1.0
        return counts


_NO_ROWS: NDArray[np.int64] = np.zeros(0, dtype=np.int64)

# Answering within three days counts as fast; slower answers fade.
ANSWER_SPEED_DECAY_HOURS = 72.0


def responsiveness_values(
    answer_rate: NDArray[np.float64], median_hours: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Answer rate times a speed discount; 0.5 (neutral) for new mentors without history."""
    speed = np.exp(-np.nan_to_num(median_hours, nan=0.0) / ANSWER_SPEED_DECAY_HOURS)
    value: NDArray[np.float64] = np.where(
        np.isnan(answer_rate), 0.5, np.nan_to_num(answer_rate) * speed
    )
    return value


def capacity_values(
    remaining: NDArray[np.float64], total: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Share of places still free."""
    value: NDArray[np.float64] = np.clip(remaining / np.maximum(total, 1.0), 0.0, 1.0)
    return value


class MentorIndex:
    """All mentors of one program, ready to score a mentee with one sparse pass."""

    def __init__(self, *, build_number: int) -> None:
        self.build_number = build_number
        self.vectorizer = make_vectorizer()
        self.vocabulary_size = 0
        self.feature_names: NDArray[np.str_] = np.zeros(0, dtype=str)
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float64)
        self.ids = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}
        self.user_ids = np.zeros(0, dtype=np.int64)
        self.industry = np.zeros(0, dtype=np.int64)
        self.language_bits = np.zeros(0, dtype=np.uint64)
        self.mode_bits = np.zeros(0, dtype=np.uint8)
        self.utc_offset = np.zeros(0, dtype=np.float64)
        self.years = np.zeros(0, dtype=np.float64)
        self.offset_levels = Levels()
        self.offset_code = np.zeros(0, dtype=np.uint16)
        self.years_levels = Levels()
        self.years_code = np.zeros(0, dtype=np.uint16)
        # Rows that pass the query-independent filters (active, accepting, with room).
        self.open_rows = np.zeros(0, dtype=bool)
        self.rows_of_user: dict[int, list[int]] = {}
        self._language_ok: dict[int, NDArray[np.bool_]] = {}
        self._static_part: dict[tuple[float, float], NDArray[np.float64]] = {}
        self._pair_code: tuple[tuple[int, int, int], NDArray[np.uint32]] | None = None
        self.capacity_total = np.zeros(0, dtype=np.float64)
        self.capacity_remaining = np.zeros(0, dtype=np.float64)
        self.accepting = np.zeros(0, dtype=bool)
        self.active = np.zeros(0, dtype=bool)
        self.answer_rate = np.zeros(0, dtype=np.float64)
        self.median_answer_hours = np.zeros(0, dtype=np.float64)
        # Query-independent factor values, kept current with the fields they come from.
        self.responsiveness_value = np.zeros(0, dtype=np.float64)
        self.capacity_value = np.zeros(0, dtype=np.float64)
        self.skill_sets: list[frozenset[int]] = []
        self.area_sets: list[frozenset[int]] = []
        self.skills = Postings()
        self.areas = Postings()
        self.languages = BitAssigner(MAX_LANGUAGES)
        self.modes = BitAssigner(MAX_MEETING_MODES)
        self.matrix: sp.csr_matrix = sp.csr_matrix((0, 0))
        self.postings: sp.csr_matrix = sp.csr_matrix((0, 0))
        # Rows whose text changed since the fit: term ids and weights of the new vector.
        self.overlay: dict[int, QueryVector] = {}

    # --- building -----------------------------------------------------------------------

    @classmethod
    def build(cls, records: Sequence[MentorRecord], *, build_number: int) -> MentorIndex:
        """Fit the vectorizer on every mentor's text and lay out all arrays."""
        index = cls(build_number=build_number)
        texts = [record.text for record in records]
        try:
            matrix = index.vectorizer.fit_transform(texts)
        except ValueError:  # no words at all (an empty program, or only stop words)
            index.vectorizer.fit(["placeholder"])
            matrix = sp.csr_matrix((len(records), 1), dtype=np.float64)
        index.matrix = sp.csr_matrix(matrix, dtype=np.float64)
        index.postings = sp.csr_matrix(index.matrix.T, dtype=np.float64)
        index.vocabulary_size = index.matrix.shape[1]
        index.feature_names = index.vectorizer.get_feature_names_out()
        index.vocabulary = dict(index.vectorizer.vocabulary_)
        index.idf = np.asarray(index.vectorizer.idf_, dtype=np.float64)
        index._set_arrays(records)
        return index

    def _set_arrays(self, records: Sequence[MentorRecord]) -> None:
        n = len(records)
        self.ids = np.fromiter((r.id for r in records), dtype=np.int64, count=n)
        self.row_of = {int(mentor_id): row for row, mentor_id in enumerate(self.ids)}
        self.user_ids = np.fromiter((r.user_id for r in records), dtype=np.int64, count=n)
        self.industry = np.fromiter(
            (-1 if r.industry is None else r.industry for r in records), dtype=np.int64, count=n
        )
        self.language_bits = np.fromiter(
            (self.languages.mask(r.languages) for r in records), dtype=np.uint64, count=n
        )
        self.mode_bits = np.fromiter(
            (self.modes.mask(r.meeting_modes) for r in records), dtype=np.uint8, count=n
        )
        self.utc_offset = np.fromiter((r.utc_offset_hours for r in records), np.float64, n)
        self.years = np.fromiter(
            (np.nan if r.years_experience is None else r.years_experience for r in records),
            np.float64,
            n,
        )
        self.capacity_total = np.fromiter((r.capacity_total for r in records), np.float64, n)
        self.capacity_remaining = np.fromiter(
            (r.capacity_remaining for r in records), np.float64, n
        )
        self.accepting = np.fromiter((r.accepting for r in records), dtype=bool, count=n)
        self.active = np.ones(n, dtype=bool)
        self.answer_rate = np.fromiter(
            (np.nan if r.answer_rate is None else r.answer_rate for r in records), np.float64, n
        )
        self.median_answer_hours = np.fromiter(
            (np.nan if r.median_answer_hours is None else r.median_answer_hours for r in records),
            np.float64,
            n,
        )
        self.skill_sets = [r.skills for r in records]
        self.area_sets = [r.expertise_areas for r in records]
        self.skills = Postings.build(self.skill_sets)
        self.areas = Postings.build(self.area_sets)
        self.offset_code = np.fromiter(
            (self.offset_levels.code(value) for value in self.utc_offset.tolist()), np.uint16, n
        )
        self.years_code = np.fromiter(
            (self.years_levels.code(value) for value in self.years.tolist()), np.uint16, n
        )
        self.open_rows = self.active & self.accepting & (self.capacity_remaining > 0)
        self.rows_of_user = {}
        for row, user_id in enumerate(self.user_ids.tolist()):
            self.rows_of_user.setdefault(user_id, []).append(row)
        self.responsiveness_value = responsiveness_values(
            self.answer_rate, self.median_answer_hours
        )
        self.capacity_value = capacity_values(self.capacity_remaining, self.capacity_total)

    # --- catching up between rebuilds ----------------------------------------------------

    def upsert(self, records: Iterable[MentorRecord]) -> None:
        """Apply changed or new mentors without refitting (a one-mentor catch-up)."""
        for record in records:
            row = self.row_of.get(record.id)
            if row is None:
                row = self._append_row(record.id)
            self._write_row(row, record)

    def remove(self, mentor_ids: Iterable[int]) -> None:
        """Mentors who left the program: kept in the arrays, never scored again."""
        for mentor_id in mentor_ids:
            row = self.row_of.get(mentor_id)
            if row is not None:
                self.active[row] = False
                self.open_rows[row] = False

    def _append_row(self, mentor_id: int) -> int:
        row = len(self.ids)
        self.ids = np.append(self.ids, mentor_id)
        self.row_of[mentor_id] = row
        for name, fill in (
            ("user_ids", 0),
            ("industry", -1),
            ("language_bits", 0),
            ("mode_bits", 0),
            ("utc_offset", 0.0),
            ("years", np.nan),
            ("capacity_total", 0.0),
            ("capacity_remaining", 0.0),
            ("accepting", False),
            ("active", True),
            ("answer_rate", np.nan),
            ("median_answer_hours", np.nan),
            ("responsiveness_value", 0.0),
            ("capacity_value", 0.0),
            ("offset_code", 0),
            ("years_code", 0),
            ("open_rows", False),
        ):
            array = getattr(self, name)
            setattr(self, name, np.append(array, np.array([fill], dtype=array.dtype)))
        self.skill_sets.append(frozenset())
        self.area_sets.append(frozenset())
        return row

    def _write_row(self, row: int, record: MentorRecord) -> None:
        self.industry[row] = -1 if record.industry is None else record.industry
        self.language_bits[row] = self.languages.mask(record.languages)
        self.mode_bits[row] = self.modes.mask(record.meeting_modes)
        self.utc_offset[row] = record.utc_offset_hours
        self.years[row] = np.nan if record.years_experience is None else record.years_experience
        self.capacity_total[row] = record.capacity_total
        self.capacity_remaining[row] = record.capacity_remaining
        self.accepting[row] = record.accepting
        self.active[row] = True
        self.answer_rate[row] = np.nan if record.answer_rate is None else record.answer_rate
        self.median_answer_hours[row] = (
            np.nan if record.median_answer_hours is None else record.median_answer_hours
        )
        self.offset_code[row] = self.offset_levels.code(record.utc_offset_hours)
        self.years_code[row] = self.years_levels.code(record.years_experience)
        self.open_rows[row] = record.accepting and record.capacity_remaining > 0
        old_user = int(self.user_ids[row])
        if row in self.rows_of_user.get(old_user, []):
            self.rows_of_user[old_user].remove(row)
        self.rows_of_user.setdefault(record.user_id, []).append(row)
        self.user_ids[row] = record.user_id
        self._language_ok.clear()
        self._static_part.clear()
        self._pair_code = None
        self.responsiveness_value[row] = responsiveness_values(
            self.answer_rate[row : row + 1], self.median_answer_hours[row : row + 1]
        )[0]
        self.capacity_value[row] = capacity_values(
            self.capacity_remaining[row : row + 1], self.capacity_total[row : row + 1]
        )[0]
        self.skills.move(row, self.skill_sets[row], record.skills)
        self.areas.move(row, self.area_sets[row], record.expertise_areas)
        self.skill_sets[row] = record.skills
        self.area_sets[row] = record.expertise_areas
        self.overlay[row] = self.vectorize(record.text)

    # --- scoring -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    def static_part(self, responsiveness: float, capacity: float) -> NDArray[np.float64]:
        """`responsiveness × r + capacity × c` per row: query-independent, cached per weights."""
        key = (responsiveness, capacity)
        cached = self._static_part.get(key)
        if cached is None or cached.size != len(self.ids):
            cached = self._static_part[key] = (
                responsiveness * self.responsiveness_value + capacity * self.capacity_value
            )
        return cached

    def pair_code(self) -> NDArray[np.uint32]:
        """One code per row for (UTC offset, years): a per-query table of both factors'
        weighted sum is then read with a single gather."""
        shape = (len(self.ids), len(self.offset_levels.values), len(self.years_levels.values))
        if self._pair_code is None or self._pair_code[0] != shape:
            codes = self.offset_code.astype(np.uint32) * np.uint32(shape[2]) + self.years_code
            self._pair_code = (shape, codes)
        return self._pair_code[1]

    def speaks(self, languages: frozenset[str]) -> NDArray[np.bool_]:
        """Rows of mentors sharing at least one of `languages` (cached per combination)."""
        mask = self.languages.mask(languages, grow=False)
        cached = self._language_ok.get(mask)
        if cached is None or cached.size != len(self.ids):
            cached = self._language_ok[mask] = (self.language_bits & np.uint64(mask)) != 0
        return cached

    def vectorize(self, text: str) -> QueryVector:
        """A text as term ids and L2-normalised TF-IDF weights of this index's vocabulary.

        Computes exactly what the fitted `TfidfVectorizer.transform` would (same tokens,
        sublinear tf, idf, L2 norm) without its per-call input validation, which costs a
        millisecond: more than scoring the mentee against the whole index.
        """
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for token in tokenize(text):
            term = vocabulary.get(token)
            if term is not None:
                counts[term] = counts.get(term, 0) + 1
        if not counts:
            return QueryVector(terms=_NO_ROWS, weights=np.zeros(0, dtype=np.float64))
        terms = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((counts[t] for t in terms.tolist()), dtype=np.float64, count=terms.size)
        weights = (1.0 + np.log(tf)) * self.idf[terms]
        weights /= float(np.sqrt(np.dot(weights, weights)))
        return QueryVector(terms=terms, weights=weights)

    def text_scores(self, query: QueryVector) -> NDArray[np.float64]:
        """Cosine similarity of the query with every mentor, reading only its terms' postings."""
        if query.is_empty:
            return np.zeros(len(self.ids), dtype=np.float64)
        # Rows of the transpose are postings: slicing them reads only this query's terms,
        # and the transposed product scatters them into one score per mentor in C.
        touched = self.postings[query.terms]
        scores: NDArray[np.float64] = np.asarray(touched.T @ query.weights, dtype=np.float64)
        if scores.size < len(self.ids):  # mentors added since the fit have no postings
            scores = np.concatenate([scores, np.zeros(len(self.ids) - scores.size)])
        if self.overlay:
            weights = dict(zip(query.terms.tolist(), query.weights.tolist(), strict=True))
            for row, vector in self.overlay.items():
                scores[row] = sum(
                    weights.get(term, 0.0) * value
                    for term, value in zip(
                        vector.terms.tolist(), vector.weights.tolist(), strict=True
                    )
                )
        return scores

    def postings_bytes(self, query: QueryVector) -> int:
        """Bytes of postings one query reads (row ids and weights): the memory floor's input."""
        indptr = self.postings.indptr
        entries = int(sum(indptr[t + 1] - indptr[t] for t in query.terms.tolist()))
        return entries * int(self.postings.indices.itemsize + self.postings.data.itemsize)

    def row_terms(self, row: int) -> QueryVector:
        """The mentor's current text vector (from the overlay when it changed)."""
        if row in self.overlay:
            return self.overlay[row]
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        return QueryVector(
            terms=self.matrix.indices[start:end].astype(np.int64),
            weights=self.matrix.data[start:end],
        )
