"""The words of the demo crowd: vocabulary terms as they read in a sentence, organisations
and hobbies.

Vocabulary is keyed by the slugs migration 0003 created, so the writer can look the rows up.
"""

from __future__ import annotations

from mentorship.demo.places import words

# Slug -> name as migration 0003 spells them (sentences need the words; rows need the slugs).
GOAL_AREAS: dict[str, str] = {
    "career-growth": "career growth",
    "leadership": "leadership",
    "technical-skills": "technical skills",
    "career-change": "career change",
    "entrepreneurship": "entrepreneurship",
    "communication": "communication",
    "networking": "networking",
    "work-life-balance": "work–life balance",
    "personal-development": "personal development",
    "management": "management",
}

INDUSTRIES: dict[str, str] = {
    "software-and-internet": "software",
    "financial-services": "financial services",
    "healthcare": "healthcare",
    "education": "education",
    "manufacturing": "manufacturing",
    "retail-and-e-commerce": "retail and e-commerce",
    "government-and-public-sector": "the public sector",
    "non-profit": "the non-profit sector",
    "consulting": "consulting",
    "media-and-entertainment": "media and entertainment",
    "energy-and-utilities": "energy",
    "telecommunications": "telecoms",
    "transport-and-logistics": "transport and logistics",
    "legal-services": "legal services",
    "construction": "construction",
    "hospitality-and-tourism": "hospitality and tourism",
    "pharmaceuticals-and-biotech": "biotech and pharma",
    "agriculture": "agriculture",
    "real-estate": "real estate",
    "research-and-science": "research",
}

SKILLS: dict[str, str] = {
    "python": "Python",
    "javascript": "JavaScript",
    "java": "Java",
    "sql": "SQL",
    "data-analysis": "data analysis",
    "machine-learning": "machine learning",
    "cloud-infrastructure": "cloud infrastructure",
    "devops": "DevOps",
    "cybersecurity": "cybersecurity",
    "system-design": "system design",
    "product-management": "product management",
    "project-management": "project management",
    "agile-methods": "agile methods",
    "ux-design": "UX design",
    "public-speaking": "public speaking",
    "negotiation": "negotiation",
    "strategic-planning": "strategic planning",
    "financial-modelling": "financial modelling",
    "budgeting": "budgeting",
    "sales": "sales",
    "marketing": "marketing",
    "digital-marketing": "digital marketing",
    "content-writing": "content writing",
    "people-management": "people management",
    "hiring-and-interviewing": "hiring and interviewing",
    "coaching": "coaching",
    "conflict-resolution": "conflict resolution",
    "stakeholder-management": "stakeholder management",
    "fundraising": "fundraising",
    "business-development": "business development",
    "customer-success": "customer success",
    "operations": "operations",
    "supply-chain": "supply chain management",
    "regulatory-compliance": "regulatory compliance",
    "research-methods": "research methods",
    "statistics": "statistics",
    "teaching": "teaching",
    "leadership": "leadership",
    "change-management": "change management",
    "time-management": "time management",
    "mobile-development": "mobile development",
    "frontend-development": "frontend development",
    "backend-development": "backend development",
    "data-engineering": "data engineering",
    "accounting": "accounting",
    "design-thinking": "design thinking",
    "presentation-skills": "presentation skills",
    "writing-for-the-web": "writing for the web",
    "mentoring-others": "mentoring others",
    "career-planning": "career planning",
}


# Organisation names: a shared first word and a word that fits the industry.
ORGANISATION_PREFIXES = words(
    "Northwind, Bluefield, Harbour, Meridian, Kestrel, Aurora, Cedar, Summit, Lumen, "
    "Riverstone, Oakridge, Silverline, Brightwater, Ironbridge, Greenleaf, Tidewater, Crescent, "
    "Evergreen, Redwood, Atlas, Beacon, Cobalt, Granite, Horizon, Juniper, Nimbus, Quartz, "
    "Sterling, Willow, Zephyr"
)
ORGANISATION_SUFFIXES: dict[str, tuple[str, ...]] = {
    "software-and-internet": words("Labs, Software, Systems, Cloud, Digital"),
    "financial-services": words("Bank, Capital, Insurance, Payments, Credit Union"),
    "healthcare": words("Health, Hospital Trust, Clinics, Medical Centre"),
    "education": words("Academy, University, College, Learning"),
    "manufacturing": words("Industries, Manufacturing, Components, Works"),
    "retail-and-e-commerce": words("Stores, Market, Retail, Outfitters"),
    "government-and-public-sector": words(
        "City Council, Public Health Agency, Transport Authority"
    ),
    "non-profit": words("Foundation, Trust, Alliance, Community Fund"),
    "consulting": words("Consulting, Partners, Advisory, Group"),
    "media-and-entertainment": words("Media, Studios, Press, Broadcasting"),
    "energy-and-utilities": words("Energy, Power, Water, Renewables"),
    "telecommunications": words("Telecom, Mobile, Networks, Communications"),
    "transport-and-logistics": words("Logistics, Freight, Rail, Shipping"),
    "legal-services": words("Legal, Law, Chambers"),
    "construction": words("Construction, Build, Engineering, Contractors"),
    "hospitality-and-tourism": words("Hotels, Travel, Hospitality, Resorts"),
    "pharmaceuticals-and-biotech": words("Therapeutics, Biotech, Pharma, Biosciences"),
    "agriculture": words("Farms, Agritech, Growers, Cooperative"),
    "real-estate": words("Properties, Estates, Homes, Realty"),
    "research-and-science": words("Institute, Research Centre, Laboratory, Observatory"),
}

HOBBIES = words(
    "run long distances, play in a community orchestra, volunteer at a food bank, grow "
    "vegetables on an allotment, coach a youth football team, bake bread, climb at the local "
    "bouldering gym, read science fiction, restore old bicycles, learn languages, hike in the "
    "mountains, take street photography, sing in a choir, cook for far too many friends, swim "
    "in the sea all year, build furniture badly but happily, play chess online, paint "
    "watercolours, cycle to work in all weathers, write short stories"
)
