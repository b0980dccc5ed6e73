"""What the demo people do: career tracks with their skills, industries, titles and stories.

A track ties a person's skills, industry, job title, expertise and story together, so a
mentor's headline, bio and "how I can help" are about one believable career. Vocabulary is
referred to by slug (see `terms`). This module is one table of data, hence its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentorship.demo.places import words


@dataclass(frozen=True)
class Track:
    """A line of work: what its people know, where they work and what they are called."""

    field: str  # in a sentence: "I work in {field}"
    skills: tuple[str, ...]  # skill slugs, the most central first
    industries: tuple[str, ...]  # industry slugs
    titles: tuple[tuple[str, ...], ...]  # per level: junior, mid, senior, lead, executive
    expertise: tuple[str, ...]  # goal-area slugs its mentors usually offer
    stories: tuple[str, ...]  # a mentor's career in one sentence
    work_samples: str  # what a mentor offers to review


TRACKS: tuple[Track, ...] = (
    Track(
        "software engineering",
        words(
            "backend-development, python, javascript, java, system-design, frontend-development, "
            "cloud-infrastructure, devops, mobile-development, sql"
        ),
        words(
            "software-and-internet, financial-services, telecommunications, "
            "retail-and-e-commerce, media-and-entertainment, healthcare"
        ),
        (
            words("Junior Software Engineer, Graduate Developer"),
            words("Software Engineer, Mobile Developer, Frontend Engineer"),
            words("Senior Software Engineer, Senior Backend Engineer"),
            words("Staff Engineer, Engineering Manager, Principal Engineer"),
            words("Head of Engineering, VP of Engineering, CTO"),
        ),
        words("technical-skills, career-growth, leadership, management"),
        (
            "I started out fixing bugs in a legacy billing system and went on to build services "
            "that millions of people use every day.",
            "I have shipped web and mobile products at two start-ups and one very large company, "
            "and learnt the most from the projects that went wrong.",
            "I moved from writing code to leading engineering teams and still review designs "
            "every week.",
        ),
        "code, design documents or architecture diagrams",
    ),
    Track(
        "data and analytics",
        words(
            "data-analysis, sql, python, statistics, machine-learning, data-engineering, "
            "presentation-skills"
        ),
        words(
            "software-and-internet, financial-services, healthcare, retail-and-e-commerce, "
            "research-and-science, telecommunications, energy-and-utilities"
        ),
        (
            words("Junior Data Analyst, Data Analyst"),
            words("Data Scientist, Analytics Engineer, Data Engineer"),
            words("Senior Data Scientist, Machine Learning Engineer"),
            words("Lead Data Scientist, Analytics Manager"),
            words("Head of Data, Director of Analytics, Chief Data Officer"),
        ),
        words("technical-skills, career-growth, career-change, communication"),
        (
            "I built my first forecasting model in a spreadsheet and now lead a team that puts "
            "machine learning into production.",
            "I have spent most of my career turning messy data into decisions that executives "
            "actually act on.",
            "I came to data from economics and have worked on pricing, fraud detection and "
            "demand forecasting.",
        ),
        "analyses, dashboards or notebooks",
    ),
    Track(
        "product management",
        words(
            "product-management, agile-methods, stakeholder-management, ux-design, "
            "strategic-planning, data-analysis, presentation-skills"
        ),
        words(
            "software-and-internet, financial-services, retail-and-e-commerce, "
            "media-and-entertainment, telecommunications, healthcare"
        ),
        (
            words("Associate Product Manager, Product Analyst"),
            words("Product Manager, Product Owner"),
            words("Senior Product Manager"),
            words("Group Product Manager, Director of Product"),
            words("VP of Product, Chief Product Officer"),
        ),
        words("career-growth, leadership, communication, career-change"),
        (
            "I have launched products in three countries and learnt to say no to most good "
            "ideas so the best ones get built.",
            "I moved into product from customer support, which taught me to start with the "
            "problem rather than the solution.",
            "I have led product teams through two acquisitions and one painful pivot.",
        ),
        "roadmaps, product briefs or discovery plans",
    ),
    Track(
        "design",
        words(
            "ux-design, design-thinking, research-methods, frontend-development, "
            "presentation-skills, writing-for-the-web"
        ),
        words(
            "software-and-internet, media-and-entertainment, retail-and-e-commerce, "
            "consulting, government-and-public-sector"
        ),
        (
            words("Junior UX Designer, Design Intern"),
            words("Product Designer, UX Researcher"),
            words("Senior Product Designer, Senior UX Researcher"),
            words("Design Lead, Principal Designer"),
            words("Head of Design, Design Director"),
        ),
        words("career-growth, communication, technical-skills, career-change"),
        (
            "I trained as an illustrator, found my way into interaction design and have since "
            "designed services used by millions of citizens.",
            "I have built design teams from scratch twice and care a lot about research that "
            "changes what gets built.",
            "I spent years in agencies before moving in-house, so I have seen many ways of "
            "working with engineers and product managers.",
        ),
        "portfolios, case studies or prototypes",
    ),
    Track(
        "marketing",
        words(
            "marketing, digital-marketing, content-writing, writing-for-the-web, data-analysis, "
            "strategic-planning"
        ),
        words(
            "retail-and-e-commerce, media-and-entertainment, consulting, "
            "hospitality-and-tourism, software-and-internet"
        ),
        (
            words("Marketing Coordinator, Marketing Assistant"),
            words("Marketing Manager, Content Strategist, Growth Marketer"),
            words("Senior Marketing Manager, Brand Manager"),
            words("Head of Marketing, Marketing Director"),
            words("Chief Marketing Officer, VP of Marketing"),
        ),
        words("career-growth, communication, networking, entrepreneurship"),
        (
            "I have run campaigns for household brands and for a two-person start-up, and "
            "the start-up taught me more.",
            "I started as a copywriter and now lead a marketing team that cares about "
            "evidence as much as creativity.",
            "I have built marketing functions in three companies, each time starting with a "
            "spreadsheet and a clear story.",
        ),
        "campaign plans, copy or marketing budgets",
    ),
    Track(
        "sales and customer success",
        words(
            "sales, negotiation, business-development, customer-success, stakeholder-management, "
            "presentation-skills"
        ),
        words(
            "software-and-internet, telecommunications, manufacturing, financial-services, "
            "real-estate, consulting"
        ),
        (
            words("Sales Development Representative, Customer Success Associate"),
            words("Account Executive, Customer Success Manager"),
            words("Senior Account Manager, Enterprise Account Executive"),
            words("Head of Sales, Sales Director"),
            words("VP of Sales, Chief Revenue Officer"),
        ),
        words("career-growth, communication, networking, leadership"),
        (
            "I started on the phones cold-calling and now lead a sales team across three regions.",
            "I have closed some of the largest deals in my company's history, mostly by "
            "listening more than I talked.",
            "I built a customer success team from two people to forty while keeping churn "
            "among the lowest in our market.",
        ),
        "pitch decks, account plans or sales emails",
    ),
    Track(
        "finance",
        words(
            "financial-modelling, budgeting, accounting, regulatory-compliance, "
            "strategic-planning, stakeholder-management"
        ),
        words(
            "financial-services, consulting, manufacturing, energy-and-utilities, real-estate, "
            "retail-and-e-commerce"
        ),
        (
            words("Junior Accountant, Financial Analyst"),
            words("Senior Financial Analyst, Accountant"),
            words("Finance Manager, Senior Accountant"),
            words("Financial Controller, Head of FP&A"),
            words("Finance Director, CFO"),
        ),
        words("career-growth, management, leadership, communication"),
        (
            "I qualified as an accountant at a large audit firm and moved into industry to be "
            "closer to the decisions.",
            "I have led budgeting and forecasting through two recessions and a listing on the "
            "stock exchange.",
            "I turned around the finances of a struggling manufacturer and learnt how much "
            "clear numbers calm a room.",
        ),
        "financial models, budgets or board papers",
    ),
    Track(
        "people and HR",
        words(
            "hiring-and-interviewing, coaching, conflict-resolution, people-management, "
            "change-management, mentoring-others"
        ),
        words(
            "software-and-internet, healthcare, education, manufacturing, "
            "government-and-public-sector, hospitality-and-tourism"
        ),
        (
            words("HR Coordinator, Recruiter"),
            words("HR Business Partner, Talent Acquisition Partner"),
            words("Senior HR Business Partner, Learning and Development Manager"),
            words("Head of People, HR Director"),
            words("Chief People Officer"),
        ),
        words("management, leadership, personal-development, work-life-balance"),
        (
            "I have hired more than a thousand people and still believe every interview "
            "deserves full attention.",
            "I moved into HR from teaching and have spent fifteen years helping managers become "
            "people their teams trust.",
            "I led the people side of a merger of two very different cultures, which taught me "
            "a lot about change.",
        ),
        "job descriptions, interview plans or development plans",
    ),
    Track(
        "operations and supply chain",
        words(
            "operations, supply-chain, project-management, budgeting, change-management, "
            "regulatory-compliance"
        ),
        words(
            "manufacturing, transport-and-logistics, retail-and-e-commerce, agriculture, "
            "energy-and-utilities, construction, hospitality-and-tourism"
        ),
        (
            words("Operations Coordinator, Logistics Assistant"),
            words("Operations Manager, Supply Chain Analyst"),
            words("Senior Supply Chain Manager, Plant Manager"),
            words("Director of Operations, Head of Logistics"),
            words("Chief Operating Officer, VP of Operations"),
        ),
        words("management, leadership, career-growth, work-life-balance"),
        (
            "I started on a warehouse floor during university and now run operations across "
            "twelve sites.",
            "I have redesigned supply chains for two manufacturers and kept shelves stocked "
            "through a pandemic.",
            "I spent ten years in logistics before moving into general management.",
        ),
        "process maps, operating plans or supplier contracts",
    ),
    Track(
        "healthcare",
        words(
            "regulatory-compliance, project-management, people-management, research-methods, "
            "teaching, change-management"
        ),
        words("healthcare, pharmaceuticals-and-biotech, research-and-science, education"),
        (
            words("Staff Nurse, Clinical Coordinator"),
            words("Clinical Team Lead, Practice Manager"),
            words("Senior Clinical Manager, Nurse Consultant"),
            words("Head of Clinical Operations, Director of Nursing"),
            words("Medical Director, Chief Operating Officer"),
        ),
        words("leadership, management, work-life-balance, career-change"),
        (
            "I worked night shifts on a busy surgical ward for years before moving into "
            "hospital management.",
            "I have led clinical teams through service redesigns that cut waiting times "
            "without burning people out.",
            "I moved from clinical practice into health technology and still work one day a "
            "week with patients.",
        ),
        "service plans, business cases or research proposals",
    ),
    Track(
        "research",
        words(
            "research-methods, statistics, data-analysis, python, fundraising, teaching, "
            "public-speaking"
        ),
        words(
            "research-and-science, pharmaceuticals-and-biotech, education, agriculture, "
            "energy-and-utilities"
        ),
        (
            words("Research Assistant, PhD Candidate"),
            words("Research Scientist, Postdoctoral Researcher"),
            words("Senior Scientist, Senior Research Fellow"),
            words("Principal Investigator, Principal Scientist"),
            words("Research Director, Head of Research"),
        ),
        words("career-change, communication, career-growth, personal-development"),
        (
            "I spent ten years in academic research before moving to an industrial lab, and I "
            "help people weigh up that choice.",
            "I run a lab of twelve researchers and have written more grant applications than I "
            "care to count.",
            "I have published on crop resilience and now lead a research programme across "
            "four countries.",
        ),
        "grant applications, papers or talks",
    ),
    Track(
        "teaching and education",
        words(
            "teaching, coaching, public-speaking, content-writing, mentoring-others, "
            "time-management, design-thinking"
        ),
        words("education, non-profit, government-and-public-sector, research-and-science"),
        (
            words("Teaching Assistant, Trainee Teacher"),
            words("Teacher, Learning Designer"),
            words("Senior Lecturer, Head of Year"),
            words("Head of Department, Assistant Principal"),
            words("Principal, Dean"),
        ),
        words("leadership, communication, work-life-balance, career-change"),
        (
            "I taught secondary maths for twelve years and now train new teachers.",
            "I led a school through a difficult inspection and out the other side, and learnt "
            "that small routines matter most.",
            "I design online courses for adults who are changing careers.",
        ),
        "lesson plans, course outlines or talks",
    ),
    Track(
        "non-profit work",
        words(
            "fundraising, business-development, stakeholder-management, public-speaking, "
            "strategic-planning, budgeting"
        ),
        words("non-profit, education, government-and-public-sector, healthcare"),
        (
            words("Programme Assistant, Fundraising Assistant"),
            words("Programme Manager, Fundraising Manager"),
            words("Senior Programme Manager, Partnerships Manager"),
            words("Director of Programmes, Head of Fundraising"),
            words("Executive Director, Chief Executive"),
        ),
        words("leadership, networking, entrepreneurship, work-life-balance"),
        (
            "I have raised funds for refugee education programmes on three continents.",
            "I founded a small literacy charity that now works in forty schools.",
            "I moved from banking into the charity sector and brought a spreadsheet habit with me.",
        ),
        "funding bids, programme plans or board reports",
    ),
    Track(
        "law and compliance",
        words(
            "regulatory-compliance, negotiation, stakeholder-management, content-writing, "
            "conflict-resolution"
        ),
        words(
            "legal-services, financial-services, pharmaceuticals-and-biotech, "
            "energy-and-utilities, government-and-public-sector"
        ),
        (
            words("Paralegal, Trainee Solicitor, Compliance Analyst"),
            words("Associate, Compliance Officer"),
            words("Senior Associate, Compliance Manager"),
            words("Legal Counsel, Head of Compliance"),
            words("General Counsel, Partner"),
        ),
        words("career-growth, communication, work-life-balance, career-change"),
        (
            "I trained at a large commercial firm and moved in-house, where I advise on "
            "contracts and regulation.",
            "I have negotiated hundreds of commercial agreements and still enjoy the good ones.",
            "I built the compliance function of a fast-growing payments company.",
        ),
        "contracts, policies or compliance plans",
    ),
    Track(
        "security and infrastructure",
        words(
            "cybersecurity, cloud-infrastructure, devops, system-design, regulatory-compliance, "
            "python"
        ),
        words(
            "software-and-internet, financial-services, government-and-public-sector, "
            "telecommunications, energy-and-utilities, healthcare"
        ),
        (
            words("Security Analyst, Junior Site Reliability Engineer"),
            words("Security Engineer, Site Reliability Engineer"),
            words("Senior Security Engineer, Senior Platform Engineer"),
            words("Security Architect, Head of Infrastructure"),
            words("Chief Information Security Officer, VP of Infrastructure"),
        ),
        words("technical-skills, career-growth, career-change, leadership"),
        (
            "I started in a network operations centre and have since defended banks and "
            "hospitals against real attacks.",
            "I have run on-call for systems that could not go down and learnt to design so "
            "they rarely do.",
            "I moved into security from systems administration and still love a good incident "
            "review.",
        ),
        "architecture diagrams, runbooks or threat models",
    ),
    Track(
        "consulting and strategy",
        words(
            "strategic-planning, stakeholder-management, presentation-skills, "
            "financial-modelling, change-management, project-management"
        ),
        words(
            "consulting, financial-services, government-and-public-sector, energy-and-utilities, "
            "healthcare"
        ),
        (
            words("Business Analyst, Junior Consultant"),
            words("Consultant, Strategy Analyst"),
            words("Senior Consultant, Engagement Manager"),
            words("Principal, Associate Partner, Director of Strategy"),
            words("Partner, Chief Strategy Officer"),
        ),
        words("communication, career-growth, career-change, networking"),
        (
            "I spent eight years in strategy consulting before running transformation "
            "programmes in-house.",
            "I have advised ministries and multinationals, and I am best at turning a messy "
            "problem into a clear plan.",
            "I left a large consultancy to start my own practice and have never looked back.",
        ),
        "slide decks, business cases or project plans",
    ),
    Track(
        "entrepreneurship",
        words(
            "business-development, fundraising, product-management, sales, strategic-planning, "
            "people-management"
        ),
        words(
            "software-and-internet, retail-and-e-commerce, hospitality-and-tourism, "
            "agriculture, media-and-entertainment, financial-services"
        ),
        (
            words("Co-founder, Founder"),
            words("Co-founder, Founder"),
            words("Founder and CEO"),
            words("Founder and CEO, Managing Director"),
            words("Serial Entrepreneur, Angel Investor"),
        ),
        words("entrepreneurship, leadership, networking, work-life-balance"),
        (
            "I have founded three companies: one failed, one was acquired and one is still "
            "growing.",
            "I bootstrapped a food business from a market stall to a national brand.",
            "I raised two funding rounds for a software start-up and now invest in early-stage "
            "founders.",
        ),
        "pitch decks, business plans or pricing models",
    ),
    Track(
        "construction and engineering",
        words(
            "project-management, budgeting, stakeholder-management, regulatory-compliance, "
            "operations, negotiation"
        ),
        words("construction, real-estate, energy-and-utilities, transport-and-logistics"),
        (
            words("Graduate Engineer, Site Engineer"),
            words("Project Engineer, Quantity Surveyor"),
            words("Senior Project Manager, Senior Structural Engineer"),
            words("Construction Director, Programme Director"),
            words("Managing Director, Chief Engineer"),
        ),
        words("management, leadership, career-growth, work-life-balance"),
        (
            "I have delivered bridges, schools and a hospital, and each one taught me "
            "something about people as well as concrete.",
            "I started as a site engineer and now lead a portfolio of infrastructure projects.",
            "I moved from design offices to site management because I wanted to see things "
            "get built.",
        ),
        "project plans, tenders or risk registers",
    ),
)
