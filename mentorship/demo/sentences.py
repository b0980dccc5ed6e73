"""Sentence templates for the demo crowd: goals, headlines, bios and "how I can help".

Templates are filled with `str.format` from one person's facts (their title, field, city,
skills), so every sentence is about that person. Slots: {title}, {title_a}, {next_title},
{next_title_a}, {field}, {target_field}, {industry}, {city}, {months}, {team_size},
{years_phrase}, {skill}, {skill2}, {venture}.
"""

from __future__ import annotations

# What a mentee wants, per goal area, in their own words.
GOAL_TEMPLATES: dict[str, tuple[str, ...]] = {
    "career-growth": (
        "I want to step up to {next_title_a} role within the next {months} months and "
        "understand what is expected at that level.",
        "I'd like a clear plan for my next two years in {field}, including which skills to "
        "deepen and which to let go.",
        "I want my work to be more visible so that my manager and their manager see the "
        "impact I have as {title_a}.",
        "I'm preparing for a promotion conversation and want help gathering evidence of what "
        "I have achieved.",
        "I want to understand how people in {industry} grow beyond {title} and what I should "
        "focus on first.",
    ),
    "leadership": (
        "I have just started leading a team of {team_size} and want to learn to delegate "
        "without losing track of quality.",
        "I want to become a leader people trust, especially when I have to share difficult news.",
        "I'd like to set a clear direction for my team and keep everyone aligned when "
        "priorities change.",
        "I want to lead a cross-team initiative over the next {months} months without formal "
        "authority over the people involved.",
    ),
    "technical-skills": (
        "I want to become confident with {skill} so I can take on more complex work without "
        "always asking for help.",
        "I'd like to get better at {skill} through a real project and get feedback on my approach.",
        "I want a structured plan for learning {skill} and {skill2} that fits around a "
        "full-time job.",
        "I want to close the gap between what courses taught me about {skill} and what is "
        "expected in day-to-day work.",
    ),
    "career-change": (
        "I want to move from {field} into {target_field} and need help working out which of "
        "my skills transfer.",
        "After {years_phrase} in {industry}, I'm considering a switch to {target_field} and "
        "want to test whether it suits me before I commit.",
        "I'd like a realistic path into {target_field}, including a portfolio and the first "
        "roles I should apply for.",
    ),
    "entrepreneurship": (
        "I want to validate my idea for {venture} and find my first ten paying customers.",
        "I run a small business on the side and want to decide within {months} months "
        "whether to go full-time.",
        "I'd like to learn how to pitch to investors and prepare for a first funding round "
        "for {venture}.",
        "I want to understand pricing, cash flow and the basics of running a company before "
        "I leave my job.",
    ),
    "communication": (
        "I want to present to senior leadership with confidence and keep my message short "
        "and clear.",
        "I'd like to write proposals and updates that people actually read and act on.",
        "I want to get better at giving honest feedback without damaging relationships.",
        "I want to speak up more in meetings, especially when I disagree with more senior "
        "colleagues.",
        "I'd like to give my first conference talk about {field} within the next {months} months.",
    ),
    "networking": (
        "I want to build a network in {industry} beyond my own organisation and find people "
        "I can learn from.",
        "I'd like to become more visible in the {field} community, for example by writing or "
        "speaking at meetups.",
        "I'm fairly new to {city} and want to build professional relationships here from scratch.",
        "I want to learn how to reach out to people I admire without it feeling awkward or "
        "transactional.",
    ),
    "work-life-balance": (
        "I want to stop working most evenings and still deliver what my team needs from me.",
        "I'm returning from parental leave and want to find a sustainable rhythm between work "
        "and family.",
        "I'd like to learn to say no to extra requests and protect time for focused work.",
        "I want to recover from a period of burnout and set boundaries that last.",
    ),
    "personal-development": (
        "I want the confidence to apply for roles I feel slightly underqualified for.",
        "I'd like to understand my strengths better and use them more deliberately as {title_a}.",
        "I want to deal with imposter syndrome now that I work alongside very experienced "
        "people in {field}.",
        "I want to build habits that keep me learning, such as reading and reflecting every week.",
    ),
    "management": (
        "I'm about to become a manager for the first time and want to prepare for "
        "one-to-ones, feedback and performance reviews.",
        "I want to get better at hiring: writing job descriptions, interviewing fairly and "
        "making good decisions.",
        "I'd like to manage a budget of my own and learn to report on it to stakeholders.",
        "I want to address underperformance on my team of {team_size} early and fairly "
        "instead of avoiding it.",
    ),
}

# What a mentor can do for a mentee, per expertise area; completes "I can help you …".
HELP_PHRASES: dict[str, tuple[str, ...]] = {
    "career-growth": (
        "work out what your next career step should be and how to get there",
        "prepare for a promotion and make your impact visible",
    ),
    "leadership": (
        "find your own leadership style and lead without formal authority",
        "lead a team through change without losing its trust",
    ),
    "technical-skills": (
        "build real depth in your craft through projects and honest reviews",
        "plan what to learn next and in which order",
    ),
    "career-change": (
        "test a career change before you commit and find the skills that transfer",
        "plan a realistic route into a new field",
    ),
    "entrepreneurship": (
        "validate a business idea and find your first customers",
        "prepare a pitch and understand what investors look for",
    ),
    "communication": (
        "present and write with clarity for senior audiences",
        "give and receive feedback well",
    ),
    "networking": (
        "build a professional network that feels genuine",
        "become visible in your field through writing and speaking",
    ),
    "work-life-balance": (
        "set boundaries that protect your time and energy",
        "recover from overload and build a sustainable rhythm",
    ),
    "personal-development": (
        "build confidence and deal with imposter syndrome",
        "understand your strengths and use them on purpose",
    ),
    "management": (
        "run good one-to-ones, reviews and hiring rounds",
        "handle performance problems early and fairly",
    ),
}

MENTOR_HEADLINES = (
    "{title} at {organisation} · {years} years in {industry}",
    "{title} in {industry}, mentoring on {expertise} and {expertise2}",
    "{title} helping people grow in {skill} and {skill2}",
    "{years} years in {field}; now {title_a} at {organisation}",
)
MENTEE_HEADLINES = (
    "{title} at {organisation}",
    "{title} in {industry}, learning {skill}",
    "{title} working towards {next_title_a} role",
    "Early-career {title} in {industry}",
)

MENTOR_INTROS = (
    "I have worked in {industry} for {years} years, most recently as {title_a} at {organisation}.",
    "I'm {title_a} at {organisation} in {city}, with {years} years of experience in {field}.",
)
MENTEE_INTROS = (
    "I'm {title_a} at {organisation} in {city}, {years_phrase} into my career in {field}.",
    "I work in {field} at {organisation} in {city} and have been {title_a} for a while now.",
)
MENTOR_MOTIVES = (
    "I had generous mentors early on and want to pass on what they taught me.",
    "I enjoy helping people find clarity when they feel stuck.",
    "Some of my best ideas came from conversations with people who were just starting out.",
    "I mentor because I wish someone had explained the unwritten rules to me sooner.",
)
MENTEE_MOTIVES = (
    "I'm looking for a mentor who can share honest, practical advice.",
    "I learn best by talking things through with someone who has been there.",
    "I'd value an outside perspective on the decisions in front of me.",
    "I want someone to challenge me and hold me to the goals I set.",
)
MENTOR_STYLES = {
    "video": "I prefer a video call every two or three weeks, with short check-ins between.",
    "phone": "A phone call suits me well, even a short one on a walk.",
    "chat": "Between calls, send me a message whenever something comes up.",
    "in_person": "If you are in {city}, I'm happy to meet for a coffee.",
}
TEAM_SIZES = ("three", "four", "five", "six", "eight", "ten")
MONTHS = ("three", "six", "nine", "twelve")
VENTURES = (
    "a booking tool for independent physiotherapists",
    "a marketplace for second-hand lab equipment",
    "a learning app for adults studying a new language",
    "a delivery service for small farms",
    "a bookkeeping service for freelancers",
    "a platform connecting local makers with shops",
    "a repair café that trains young people",
    "software that helps clinics reduce missed appointments",
    "a travel company for accessible holidays",
    "an energy-saving service for small offices",
)
