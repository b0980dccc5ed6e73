"""Where the demo people live: regions with their cities, time zones, languages and names.

A person's name, city, time zone and languages come from one region, so a mentor in
Nairobi speaks Swahili and English and is called something a person in Nairobi is called.
Zones are real IANA names present in every tzdata release of the last decade.
"""

from __future__ import annotations

from dataclasses import dataclass


def words(text: str) -> tuple[str, ...]:
    """A comma-separated list as a tuple; names may contain spaces ("de Vries")."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass(frozen=True)
class City:
    name: str
    time_zone: str
    languages: tuple[str, ...]  # ISO 639-1 codes spoken there, the most common first


@dataclass(frozen=True)
class Region:
    key: str
    weight: int  # relative share of the crowd
    cities: tuple[City, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "united-states",
        14,
        (
            City("New York", "America/New_York", ("en",)),
            City("Chicago", "America/Chicago", ("en",)),
            City("Denver", "America/Denver", ("en",)),
            City("Phoenix", "America/Phoenix", ("en", "es")),
            City("San Francisco", "America/Los_Angeles", ("en",)),
            City("Austin", "America/Chicago", ("en", "es")),
        ),
        words(
            "James, Maria, David, Jennifer, Michael, Aisha, Tyler, Emily, Jamal, Grace, Ethan, "
            "Olivia, Carlos, Megan, Brandon, Keisha"
        ),
        words(
            "Johnson, Williams, Brown, Garcia, Miller, Davis, Robinson, Anderson, Taylor, "
            "Jackson, Nguyen, Patel, Walker, Coleman, Reed"
        ),
    ),
    Region(
        "canada",
        4,
        (
            City("Toronto", "America/Toronto", ("en",)),
            City("Vancouver", "America/Vancouver", ("en",)),
            City("Halifax", "America/Halifax", ("en", "fr")),
        ),
        words("Liam, Chloé, Noah, Émilie, Owen, Avery, Mathieu, Priya, Logan"),
        words("Tremblay, Roy, Gagnon, MacDonald, Campbell, Singh, Wong, Bouchard"),
    ),
    Region(
        "hispanic-america",
        7,
        (
            City("Mexico City", "America/Mexico_City", ("es",)),
            City("Bogotá", "America/Bogota", ("es",)),
            City("Buenos Aires", "America/Argentina/Buenos_Aires", ("es",)),
            City("Lima", "America/Lima", ("es",)),
            City("Santiago", "America/Santiago", ("es",)),
        ),
        words(
            "Mateo, Valentina, Santiago, Camila, Diego, Sofía, Andrés, Fernanda, Alejandro, "
            "Lucía, Javier, Daniela"
        ),
        words(
            "González, Rodríguez, Fernández, López, Ramírez, Torres, Herrera, Castro, Morales, "
            "Vargas, Rojas, Mendoza"
        ),
    ),
    Region(
        "brazil",
        5,
        (
            City("São Paulo", "America/Sao_Paulo", ("pt",)),
            City("Recife", "America/Recife", ("pt",)),
        ),
        words("Lucas, Gabriela, João, Isabela, Rafael, Mariana, Pedro, Luísa, Thiago"),
        words("Silva, Santos, Oliveira, Souza, Pereira, Costa, Almeida, Carvalho"),
    ),
    Region(
        "uk-ireland",
        8,
        (
            City("London", "Europe/London", ("en",)),
            City("Manchester", "Europe/London", ("en",)),
            City("Edinburgh", "Europe/London", ("en",)),
            City("Dublin", "Europe/Dublin", ("en",)),
        ),
        words(
            "Oliver, Amelia, Harry, Isla, George, Freya, Callum, Niamh, Rhys, Eleanor, Siobhan, "
            "Kwame, Fatima, Declan"
        ),
        words(
            "Smith, Jones, Evans, Wilson, Murphy, O'Brien, Kelly, Hughes, Walsh, Davies, Clarke, "
            "Byrne, Ahmed, Okoro"
        ),
    ),
    Region(
        "france-belgium",
        4,
        (
            City("Paris", "Europe/Paris", ("fr",)),
            City("Lyon", "Europe/Paris", ("fr",)),
            City("Brussels", "Europe/Brussels", ("fr", "nl")),
        ),
        words("Camille, Louis, Manon, Hugo, Inès, Julien, Léa, Karim, Céline"),
        words("Martin, Bernard, Dubois, Lefèvre, Moreau, Laurent, Fournier, Benali"),
    ),
    Region(
        "german-speaking",
        5,
        (
            City("Berlin", "Europe/Berlin", ("de",)),
            City("Munich", "Europe/Berlin", ("de",)),
            City("Vienna", "Europe/Vienna", ("de",)),
            City("Zurich", "Europe/Zurich", ("de", "fr")),
        ),
        words("Lukas, Anna, Felix, Lena, Jonas, Marie, Maximilian, Sophie, Elif"),
        words("Müller, Schmidt, Schneider, Fischer, Weber, Wagner, Becker, Hoffmann"),
    ),
    Region(
        "southern-europe",
        5,
        (
            City("Madrid", "Europe/Madrid", ("es",)),
            City("Barcelona", "Europe/Madrid", ("es",)),
            City("Rome", "Europe/Rome", ("it",)),
            City("Milan", "Europe/Rome", ("it",)),
            City("Lisbon", "Europe/Lisbon", ("pt",)),
        ),
        words("Marco, Giulia, Pablo, Elena, Alessandro, Carmen, Tiago, Chiara, Nuno"),
        words("Rossi, Bianchi, García, Martínez, Ferreira, Romano, Ruiz, Esposito"),
    ),
    Region(
        "northern-europe",
        4,
        (
            City("Amsterdam", "Europe/Amsterdam", ("nl",)),
            City("Stockholm", "Europe/Stockholm", ("sv",)),
            City("Warsaw", "Europe/Warsaw", ("pl",)),
            City("Kraków", "Europe/Warsaw", ("pl", "uk")),
        ),
        words("Daan, Sanne, Erik, Astrid, Piotr, Zofia, Oskar, Maja, Olena"),
        words("de Vries, Jansen, Lindqvist, Andersson, Kowalski, Nowak, Bakker"),
    ),
    Region(
        "turkey",
        2,
        (
            City("Istanbul", "Europe/Istanbul", ("tr",)),
            City("Ankara", "Europe/Istanbul", ("tr",)),
        ),
        words("Emre, Zeynep, Mehmet, Ayşe, Can, Elif, Burak, Deniz"),
        words("Yılmaz, Kaya, Demir, Şahin, Çelik, Aydın, Öztürk"),
    ),
    Region(
        "west-africa",
        5,
        (
            City("Lagos", "Africa/Lagos", ("en",)),
            City("Abuja", "Africa/Lagos", ("en",)),
            City("Accra", "Africa/Accra", ("en",)),
        ),
        words("Chinedu, Ngozi, Kwame, Ama, Tunde, Adaeze, Kofi, Yetunde, Emeka"),
        words("Okafor, Adeyemi, Mensah, Boateng, Eze, Obi, Asante, Balogun"),
    ),
    Region(
        "east-africa",
        4,
        (
            City("Nairobi", "Africa/Nairobi", ("sw", "en")),
            City("Dar es Salaam", "Africa/Dar_es_Salaam", ("sw", "en")),
            City("Kampala", "Africa/Kampala", ("en", "sw")),
        ),
        words("Wanjiru, Otieno, Amani, Neema, Baraka, Achieng, Juma, Zawadi"),
        words("Mwangi, Kamau, Odhiambo, Njoroge, Mutua, Wambui, Kimani"),
    ),
    Region(
        "southern-africa",
        3,
        (
            City("Johannesburg", "Africa/Johannesburg", ("en",)),
            City("Cape Town", "Africa/Johannesburg", ("en",)),
        ),
        words("Thabo, Naledi, Sipho, Lerato, Pieter, Zanele, Ruan, Ayesha"),
        words("Nkosi, Dlamini, van der Merwe, Botha, Mokoena, Naidoo, Khumalo"),
    ),
    Region(
        "middle-east-north-africa",
        5,
        (
            City("Cairo", "Africa/Cairo", ("ar",)),
            City("Dubai", "Asia/Dubai", ("ar", "en")),
            City("Riyadh", "Asia/Riyadh", ("ar",)),
            City("Casablanca", "Africa/Casablanca", ("ar", "fr")),
        ),
        words("Omar, Layla, Youssef, Nour, Khalid, Mariam, Tarek, Salma, Hassan"),
        words("Haddad, Mansour, Khalil, Nasser, Farouk, Saleh, Hamdan, Aziz"),
    ),
    Region(
        "south-asia",
        10,
        (
            City("Bengaluru", "Asia/Kolkata", ("en", "hi")),
            City("Mumbai", "Asia/Kolkata", ("hi", "en")),
            City("Delhi", "Asia/Kolkata", ("hi", "en")),
            City("Karachi", "Asia/Karachi", ("en",)),
            City("Dhaka", "Asia/Dhaka", ("en",)),
        ),
        words(
            "Arjun, Priya, Rohan, Ananya, Vikram, Kavya, Imran, Sana, Rahul, Deepika, Farhan, "
            "Nusrat"
        ),
        words(
            "Sharma, Iyer, Reddy, Gupta, Khan, Rao, Menon, Chowdhury, Kapoor, Nair, Qureshi, "
            "Banerjee"
        ),
    ),
    Region(
        "east-asia",
        7,
        (
            City("Shanghai", "Asia/Shanghai", ("zh",)),
            City("Hong Kong", "Asia/Hong_Kong", ("zh", "en")),
            City("Tokyo", "Asia/Tokyo", ("ja",)),
            City("Seoul", "Asia/Seoul", ("ko",)),
            City("Taipei", "Asia/Taipei", ("zh",)),
        ),
        words("Wei, Mei, Hiroshi, Yuki, Ji-woo, Min-jun, Xin, Haruka, Jun"),
        words("Zhang, Wang, Chen, Tanaka, Sato, Kim, Park, Lin, Watanabe"),
    ),
    Region(
        "southeast-asia",
        6,
        (
            City("Singapore", "Asia/Singapore", ("en", "zh")),
            City("Jakarta", "Asia/Jakarta", ("id",)),
            City("Manila", "Asia/Manila", ("en",)),
            City("Ho Chi Minh City", "Asia/Ho_Chi_Minh", ("vi",)),
            City("Kuala Lumpur", "Asia/Kuala_Lumpur", ("en",)),
        ),
        words("Siti, Budi, Linh, Minh, Maria, Jose, Wei Ling, Arif, Thao"),
        words("Santoso, Nguyen, Tran, Reyes, Cruz, Tan, Lim, Wijaya, Pham"),
    ),
    Region(
        "oceania",
        5,
        (
            City("Sydney", "Australia/Sydney", ("en",)),
            City("Melbourne", "Australia/Melbourne", ("en",)),
            City("Perth", "Australia/Perth", ("en",)),
            City("Auckland", "Pacific/Auckland", ("en",)),
        ),
        words("Jack, Charlotte, Lachlan, Mia, Cooper, Ruby, Aroha, Tane, Zoe"),
        words("Smith, Wilson, Thompson, Nguyen, Ngata, Kelly, Martin, Parata"),
    ),
)

# Languages people pick up beyond their region's, the most widely learnt first.
SECOND_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt", "zh", "ar", "ja", "it", "ru")
