"""The starting vocabularies: goal areas, industries, languages and skills.

Platform admins extend skills and goal areas later in the Django admin. The lists are
written out here (not imported) so this migration means the same thing forever.
"""

from django.db import migrations
from django.utils.text import slugify

GOAL_AREAS = [
    ("Career growth", "Progressing in your current career path"),
    ("Leadership", "Leading people, teams and change"),
    ("Technical skills", "Building hands-on technical expertise"),
    ("Career change", "Moving into a new field or role"),
    ("Entrepreneurship", "Starting and growing a business"),
    ("Communication", "Speaking, writing and influencing"),
    ("Networking", "Building professional relationships"),
    ("Work–life balance", "Sustainable ways of working"),
    ("Personal development", "Confidence, habits and self-awareness"),
    ("Management", "Managing people, projects and performance"),
]

INDUSTRIES = [
    "Software and internet",
    "Financial services",
    "Healthcare",
    "Education",
    "Manufacturing",
    "Retail and e-commerce",
    "Government and public sector",
    "Non-profit",
    "Consulting",
    "Media and entertainment",
    "Energy and utilities",
    "Telecommunications",
    "Transport and logistics",
    "Legal services",
    "Construction",
    "Hospitality and tourism",
    "Pharmaceuticals and biotech",
    "Agriculture",
    "Real estate",
    "Research and science",
]

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
    ("it", "Italian"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("zh", "Chinese"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("hi", "Hindi"),
    ("ar", "Arabic"),
    ("ru", "Russian"),
    ("tr", "Turkish"),
    ("sv", "Swedish"),
    ("uk", "Ukrainian"),
    ("vi", "Vietnamese"),
    ("id", "Indonesian"),
    ("sw", "Swahili"),
]

SKILLS = [
    "Python",
    "JavaScript",
    "Java",
    "SQL",
    "Data analysis",
    "Machine learning",
    "Cloud infrastructure",
    "DevOps",
    "Cybersecurity",
    "System design",
    "Product management",
    "Project management",
    "Agile methods",
    "UX design",
    "Public speaking",
    "Negotiation",
    "Strategic planning",
    "Financial modelling",
    "Budgeting",
    "Sales",
    "Marketing",
    "Digital marketing",
    "Content writing",
    "People management",
    "Hiring and interviewing",
    "Coaching",
    "Conflict resolution",
    "Stakeholder management",
    "Fundraising",
    "Business development",
    "Customer success",
    "Operations",
    "Supply chain",
    "Regulatory compliance",
    "Research methods",
    "Statistics",
    "Teaching",
    "Leadership",
    "Change management",
    "Time management",
    "Mobile development",
    "Frontend development",
    "Backend development",
    "Data engineering",
    "Accounting",
    "Design thinking",
    "Presentation skills",
    "Writing for the web",
    "Mentoring others",
    "Career planning",
]


def add_vocabulary(apps, schema_editor):
    GoalArea = apps.get_model("mentorship", "GoalArea")
    Industry = apps.get_model("mentorship", "Industry")
    Language = apps.get_model("mentorship", "Language")
    Skill = apps.get_model("mentorship", "Skill")
    for name, description in GOAL_AREAS:
        GoalArea.objects.get_or_create(
            slug=slugify(name.replace("–", " ")),
            defaults={"name": name, "description": description},
        )
    for name in INDUSTRIES:
        Industry.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})
    for name in SKILLS:
        Skill.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0002_people_and_programs")]

    operations = [migrations.RunPython(add_vocabulary, migrations.RunPython.noop)]
