"""Demo course content: Working with Independent Mental Health Advocates (IMHAs).

Plain data only. The legal content covers England under the Mental Health Act 1983 (as
amended). It is correct as at COURSE['law_as_at'] and is due for review by
COURSE['review_date'], because advocacy law in England is being reformed.
"""

COURSE = {
    "title": "Working with Independent Mental Health Advocates",
    "slug": "working-with-imhas",
    "summary": (
        "Learn what Independent Mental Health Advocates (IMHAs) do, who can get one and how to "
        "work well with them. For nurses and other staff on mental health wards in England."
    ),
    "intro": (
        "<p>Independent Mental Health Advocates (IMHAs) help people understand their rights under "
        "the Mental Health Act 1983 and have a say in their care and treatment. This course is for "
        "nurses and other staff who care for people under the Act in England.</p>"
        "<p>The course takes about 2 and a half hours. You can do it in short sessions. Each "
        "module has something to read, a film chapter to watch, a question to reflect on and a "
        "short knowledge check.</p>"
        "<p>The course draws on published resources that were made with people who use mental "
        "health services. They helped to advise, write, film, edit and lead that work.</p>"
        "<h2>Before you start</h2>"
        "<p>We will ask for your views on advocacy. We ask the same questions again at the end, so "
        "you can see what has changed for you.</p>"
        "<h2>The law is changing</h2>"
        "<p>The law on advocacy in England is being reformed. The Mental Health Act 2025 amends "
        "the 1983 Act, and its changes to advocacy start in phases over the coming years. This "
        "course teaches the law in force today, says which provisions it teaches and their "
        "status, and shows when its legal content was last checked. Always check your local "
        "policy and the current Mental Health Act Code of Practice.</p>"
    ),
    "learning_outcomes": [
        "Explain what an IMHA does and does not do.",
        "Identify which patients qualify for an IMHA in England, and which do not.",
        "Describe the duty to tell qualifying patients about IMHAs, and your part in it.",
        "Work with an advocate in ward rounds, hearings and care planning.",
        "Recognise common staff worries about advocacy and respond to them.",
        "Act to make sure patients who are less likely to get an IMHA are not left out.",
    ],
    "cpd_hours": "2.5",
    "code_themes": ["prioritise_people", "practise_effectively", "promote_professionalism"],
    "cpd_relevance": (
        "How I make sure the patients I care for under the Mental Health Act know about their "
        "right to an Independent Mental Health Advocate, and how I work with advocates so that "
        "patients' own views are heard in their care."
    ),
    "law_as_at": "2026-11-01",
    "review_date": "2027-05-01",
    "renewal_months": 36,
}


ATTITUDE_QUIZ = {
    "title": "Your views on advocacy",
    "intro": (
        "There are no right or wrong answers. Tell us how much you agree or disagree with each "
        "statement. We ask the same questions before and after the course, so you can see how your "
        "views change. Your answers are anonymised in any reports."
    ),
    "statements": [
        {
            "text": "Advocates help me understand what my patient wants.",
            "reverse": False,
            "subscale": "value",
            "myth_fact": (
                "An IMHA helps the patient work out what they want and say it. That can give you a "
                "clearer picture of their wishes, especially when they find it hard to talk to "
                "staff. The advocate shares the patient's views, not their own."
            ),
        },
        {
            "text": "An advocate on the ward means someone is checking up on me.",
            "reverse": True,
            "subscale": "threat",
            "myth_fact": (
                "Many staff feel this at first. But an IMHA is there for the patient, not to "
                "inspect staff. If they raise a concern, it tells you something about the "
                "patient's experience that can help you give better care."
            ),
        },
        {
            "text": "Advocates slow down care and discharge planning.",
            "reverse": True,
            "subscale": "threat",
            "myth_fact": (
                "Working with an advocate does take some planning. Involving them early, rather "
                "than on the day of a meeting, helps avoid last-minute delays. A patient who "
                "understands the plan and feels heard may find it easier to take part in it."
            ),
        },
        {
            "text": "An advocate can improve communication when a patient is very unwell.",
            "reverse": False,
            "subscale": "value",
            "myth_fact": (
                "Clinicians who work with IMHAs often describe them as a bridge. An advocate can "
                "help the team have a real conversation with a patient who is very unwell or feels "
                "everyone is against them."
            ),
        },
        {
            "text": "Patients who refuse treatment should not be encouraged to challenge it.",
            "reverse": True,
            "subscale": "value",
            "myth_fact": (
                "Patients under the Mental Health Act have legal rights, such as applying to a "
                "tribunal. Helping someone understand and use their rights is part of the law, not "
                "an attack on their care. The patient decides for themselves whether to use those "
                "rights."
            ),
        },
        {
            "text": "I feel confident explaining the IMHA role to a newly detained patient.",
            "reverse": False,
            "subscale": "confidence",
            "myth_fact": (
                "You do not need to be an expert. Explain that an IMHA is independent of the team "
                "and can help the patient understand their rights and have a say in their care. "
                "This course covers what to say and when to say it."
            ),
        },
        {
            "text": "Involving an advocate makes ward rounds harder to run.",
            "reverse": True,
            "subscale": "threat",
            "myth_fact": (
                "An advocate can help a patient prepare for a ward round and get their points "
                "across. Planning ahead, such as sharing the time and agreeing how the patient "
                "wants to be supported, helps the round run smoothly."
            ),
        },
        {
            "text": "Advocacy is part of good care, not a complaint against it.",
            "reverse": False,
            "subscale": "value",
            "myth_fact": (
                "The Mental Health Act gives qualifying patients a legal right to help from an "
                "IMHA. Using an advocate is not a sign that something has gone wrong. It helps "
                "make sure the patient is heard in decisions about their care."
            ),
        },
        {
            "text": "An advocate will take the patient's side against the team.",
            "reverse": True,
            "subscale": "threat",
            "myth_fact": (
                "An IMHA helps the patient say what they want, even when it differs from the "
                "team's view. They do not push their own opinion of what is best. Making sure the "
                "patient is heard can help the patient and the team understand each other."
            ),
        },
        {
            "text": "I know how to refer someone to the local IMHA service.",
            "reverse": False,
            "subscale": "confidence",
            "myth_fact": (
                "Staff can refer a patient to the IMHA service, and sometimes should, for example "
                "when the patient cannot easily ask. Find out how your local service takes "
                "referrals and keep the details to hand. The patient still decides whether to work "
                "with the advocate."
            ),
        },
        {
            "text": "Telling a patient about IMHAs once, at admission, is enough.",
            "reverse": True,
            "subscale": "confidence",
            "myth_fact": (
                "People are often too unwell or distressed to take in information when they are "
                "admitted. The law says the information must be given by talking to the patient "
                "and in writing, so a leaflet alone is not enough. Telling the patient again when "
                "their situation changes is good practice."
            ),
        },
    ],
}


MODULES = [
    {
        "title": "What an IMHA is, and is not",
        "slug": "what-an-imha-is",
        "summary": (
            "Understand the role of an Independent Mental Health Advocate and how it differs from "
            "the role of the treating team."
        ),
        "body": (
            "<p>An Independent Mental Health Advocate (IMHA) is a specially trained advocate. They "
            "support people who are covered by the Mental Health Act 1983. Their job is to help "
            "the patient understand their rights and take part in decisions about their care and "
            "treatment.</p>"
            "<h2>What an IMHA does</h2>"
            "<p>An IMHA can help a patient to:</p>"
            "<ul>"
            "<li>understand which part of the Act applies to them and what it means</li>"
            "<li>understand their rights, including how to apply to a tribunal</li>"
            "<li>understand what treatment is being given or proposed, and why</li>"
            "<li>ask questions and raise concerns</li>"
            "<li>get their views across in ward rounds, meetings and reviews</li>"
            "</ul>"
            "<h2>What an IMHA is not</h2>"
            "<p>An IMHA is independent of the team treating the patient. They work for an advocacy "
            "service, not for the ward or the hospital team.</p>"
            "<ul>"
            "<li><strong>They do not decide for the patient.</strong> The patient stays in charge "
            "of what they want to say.</li>"
            "<li><strong>They do not argue for what they think is best.</strong> They help the "
            "patient give their own view, even if the advocate or the team sees things "
            "differently.</li>"
            "<li><strong>They are not the patient's solicitor.</strong> They can help the patient "
            "find legal advice, for example before a tribunal.</li>"
            "<li><strong>They are not there to judge the team.</strong> Their focus is the "
            "patient's voice and rights.</li>"
            "</ul>"
            "<p>An IMHA is also different from an Independent Mental Capacity Advocate (IMCA). "
            "IMCAs have a separate role under the Mental Capacity Act 2005.</p>"
            "<h2>Why it matters</h2>"
            "<p>Being detained can be frightening. People may be very unwell, confused or angry. "
            "They may not trust the staff caring for them. An advocate who is clearly separate "
            "from the team can help the patient feel heard. That can make it easier for everyone "
            "to talk.</p>"
            "<p>Advocacy is part of good care. When you help a patient use an IMHA, you are "
            "helping them take part in their own care.</p>"
        ),
        "key_points": [
            "An IMHA helps the patient understand their rights and have a say in their care.",
            "An IMHA is independent of the treating team.",
            "An IMHA does not make decisions for the patient or argue for what they think is best.",
            "An IMHA is not a solicitor, but can help the patient find legal advice.",
        ],
        "learning_outcomes": [
            "Describe what an IMHA does for a patient.",
            "Explain how the IMHA role differs from the role of the treating team.",
        ],
        "reflection_prompt": (
            "Think about the last time a patient on your ward had, or could have had, an advocate. "
            "How did you explain the advocate's role to them, and what would you say differently "
            "now? Do not include anything that could identify a patient, such as their name, age, "
            "ward or details of their care."
        ),
        "film_chapter_hint": "What an IMHA is",
        "quiz": {
            "title": "Knowledge check: what an IMHA is, and is not",
            "pass_mark": 80,
            "questions": [
                {
                    "type": "single_choice",
                    "text": "Which of these best describes the role of an IMHA?",
                    "explanation": (
                        "An IMHA helps the patient understand their rights and get their own views "
                        "across. They are independent and do not make decisions for the patient."
                    ),
                    "options": [
                        {
                            "text": (
                                "Helping the patient understand their rights and get their own "
                                "views across"
                            ),
                            "correct": True,
                            "feedback": "Correct. This is the heart of the IMHA role.",
                        },
                        {
                            "text": (
                                "Deciding what is best for the patient when they are too unwell to "
                                "decide"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. An IMHA does not make decisions for the patient or "
                                "argue for their own view of what is best."
                            ),
                        },
                        {
                            "text": (
                                "Checking that ward staff follow the Mental Health Act and "
                                "reporting them if they do not"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. An IMHA focuses on the patient's voice and rights. "
                                "They are not there to inspect staff."
                            ),
                        },
                        {
                            "text": "Acting as the patient's solicitor at a tribunal",
                            "correct": False,
                            "feedback": (
                                "Not quite. An IMHA is not a solicitor. They can help the patient "
                                "find legal advice."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": "An IMHA is a member of the team treating the patient.",
                    "correct": False,
                    "feedback_true": (
                        "Not quite. An IMHA is independent of the treating team. That independence "
                        "is what helps patients trust them."
                    ),
                    "feedback_false": "Correct. An IMHA is independent of the treating team.",
                    "explanation": (
                        "IMHAs work for an advocacy service, not for the ward or hospital team. "
                        "Their independence helps patients feel able to speak freely."
                    ),
                },
                {
                    "type": "true_false",
                    "text": (
                        "If an IMHA disagrees with what the patient wants, they should tell the "
                        "team what they think is best instead."
                    ),
                    "correct": False,
                    "feedback_true": (
                        "Not quite. An IMHA helps the patient say what they want, even if the "
                        "advocate sees things differently."
                    ),
                    "feedback_false": (
                        "Correct. An IMHA helps the patient give their own view. They do not "
                        "replace it with their own."
                    ),
                    "explanation": (
                        "An IMHA does not decide for the patient or push their own opinion. They "
                        "help the patient say what they want to say."
                    ),
                },
                {
                    "type": "single_choice",
                    "text": (
                        "A patient asks you: “Is the advocate going to tell the doctors what "
                        "treatment I should have?” What is the most accurate answer?"
                    ),
                    "explanation": (
                        "The advocate supports the patient to speak for themselves. They do not "
                        "make treatment decisions or agree plans on the patient's behalf."
                    ),
                    "options": [
                        {
                            "text": (
                                "“No. The advocate helps you say what you want. They do not decide "
                                "for you.”"
                            ),
                            "correct": True,
                            "feedback": "Correct. This explains the role simply and accurately.",
                        },
                        {
                            "text": (
                                "“Yes. The advocate will agree the best plan with your doctors.”"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. The advocate does not agree plans on the patient's "
                                "behalf. They help the patient take part."
                            ),
                        },
                        {
                            "text": "“Only if the advocate thinks you are too unwell to decide.”",
                            "correct": False,
                            "feedback": (
                                "Not quite. An IMHA does not take over decisions, even when a "
                                "patient is very unwell."
                            ),
                        },
                    ],
                },
            ],
        },
    },
    {
        "title": "Who qualifies, and the duty to tell them",
        "slug": "who-qualifies",
        "summary": (
            "Learn which patients can get help from an IMHA in England, and how to make sure they "
            "know about it."
        ),
        "body": (
            "<p>In England, the Mental Health Act 1983 sets out who can get help from an IMHA. "
            "These people are called qualifying patients.</p>"
            "<h2>Who qualifies</h2>"
            "<ul>"
            "<li>patients who are liable to be detained, for example under section 2 or section 3, "
            "including when they are on leave</li>"
            "<li>patients under guardianship</li>"
            "<li>patients on a Community Treatment Order (CTO)</li>"
            "<li>restricted patients who have been conditionally discharged</li>"
            "<li>informal patients who are being considered for a section 57 treatment</li>"
            "<li>patients under 18 who are being considered for electroconvulsive therapy (ECT) "
            "under section 58A</li>"
            "</ul>"
            "<h2>Who does not qualify</h2>"
            "<p>People held under short emergency and holding powers do not qualify while they are "
            "held under them. These are:</p>"
            "<ul>"
            "<li>section 4, until the second medical recommendation is received</li>"
            "<li>section 5(2), the holding power for doctors and approved clinicians</li>"
            "<li>section 5(4), the nurse's holding power</li>"
            "<li>section 135 and section 136, which allow a person to be taken to a place of "
            "safety</li>"
            "</ul>"
            "<p>You should still explain to these people what is happening to them. If they are "
            "then detained under a longer section, they become qualifying patients.</p>"
            "<h2>The duty to inform</h2>"
            '<p><a href="https://www.legislation.gov.uk/ukpga/1983/20/section/130D">Section 130D '
            "of the Act</a> says the responsible person must take practicable steps, as soon as "
            "practicable, to make sure the patient understands that help from an IMHA is available "
            "and how to get it.</p>"
            "<ul>"
            "<li>For detained patients and patients on a CTO, the responsible person is the "
            "hospital managers.</li>"
            "<li>For patients under guardianship, it is the responsible local social services "
            "authority.</li>"
            "<li>For restricted patients who have been conditionally discharged, it is their "
            "responsible clinician.</li>"
            "<li>For informal patients being considered for section 57 or section 58A treatment, "
            "it is the doctor or approved clinician who first discusses the treatment with "
            "them.</li>"
            "</ul>"
            "<p>Hospital managers usually rely on ward staff to give this information. That often "
            "means you.</p>"
            "<h3>How to tell patients</h3>"
            "<ul>"
            "<li>Talk to the patient about it, and give them the information in writing too.</li>"
            "<li>Use an interpreter or accessible formats if the patient needs them.</li>"
            "<li>Check they have understood. Handing over a leaflet on its own is not enough.</li>"
            "<li>For most patients, also give a copy of the written information to their nearest "
            "relative, unless the patient objects. This does not apply to patients detained under "
            "Part 3 of the Act, such as a hospital order under section 37.</li>"
            "<li>Tell the patient again when their situation changes, for example when their "
            "detention is renewed or they move onto a CTO.</li>"
            "</ul>"
            "<h2>What the Mental Health Act 2025 will change</h2>"
            "<p>The Mental Health Act 2025 became law on 18 December 2025. It amends the 1983 Act "
            "rather than replacing it. Its changes to advocacy are law but not yet in force: each "
            "starts only when regulations commence it, over the coming years. Until then, "
            "sections 130A to 130D as described above are the law you work under.</p>"
            "<p>When they commence, expect:</p>"
            "<ul>"
            "<li><strong>Opt-out referral.</strong> Detained patients in England will be referred "
            "to an IMHA without having to ask. They can still decline.</li>"
            "<li><strong>More people who qualify.</strong> Some informal inpatients, called "
            "English qualifying informal patients, will be able to get help from an IMHA. Wales "
            "already covers informal inpatients.</li>"
            "<li><strong>Amended duties to inform.</strong> What you must tell patients, and "
            "when, will change with the referral duty.</li>"
            "</ul>"
            "<p>A revised Code of Practice will explain the detail. This course shows which "
            "provisions it teaches and their status, and it is reviewed when one of them "
            "changes.</p>"
        ),
        "key_points": [
            (
                "Most detained patients, and patients under guardianship or on a CTO, qualify for "
                "an IMHA."
            ),
            (
                "People held under section 4 before the second recommendation, section 5(2), "
                "section 5(4), section 135 or section 136 do not qualify."
            ),
            (
                "Hospital managers are responsible for telling detained and CTO patients about "
                "IMHAs. For guardianship, it is the responsible local social services authority."
            ),
            "Tell patients by talking to them and in writing. A leaflet alone is not enough.",
            "Tell patients again when their situation changes.",
        ],
        "learning_outcomes": [
            "Identify which patients qualify for an IMHA and which do not.",
            "Describe what the section 130D duty to inform requires and who is responsible for it.",
        ],
        "reflection_prompt": (
            "How does your ward tell patients about IMHAs at the moment? Think about who does it, "
            "when, and how you check the patient has understood. What could you do to make sure "
            "patients hear about IMHAs again when things change? Do not include anything that "
            "could identify a patient, such as their name, age, ward or details of their care."
        ),
        "film_chapter_hint": "Who qualifies",
        "quiz": {
            "title": "Knowledge check: who qualifies, and the duty to tell them",
            "pass_mark": 80,
            "questions": [
                {
                    "type": "single_choice",
                    "text": "Which of these people qualifies for help from an IMHA?",
                    "explanation": (
                        "Patients on a Community Treatment Order qualify. People held under short "
                        "emergency and holding powers, or taken to a place of safety, do not."
                    ),
                    "options": [
                        {
                            "text": "A patient on a Community Treatment Order",
                            "correct": True,
                            "feedback": "Correct. Patients on a CTO are qualifying patients.",
                        },
                        {
                            "text": "A patient held under the nurse's holding power, section 5(4)",
                            "correct": False,
                            "feedback": (
                                "Not quite. Section 5(4) is a short holding power, so the patient "
                                "does not qualify while held under it."
                            ),
                        },
                        {
                            "text": "A person taken to a place of safety under section 136",
                            "correct": False,
                            "feedback": (
                                "Not quite. People taken to a place of safety under section 135 or "
                                "136 do not qualify."
                            ),
                        },
                        {
                            "text": (
                                "A patient held under section 4 before the second medical "
                                "recommendation"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. Section 4 is an emergency power. The patient does not "
                                "qualify until the second recommendation is received."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": (
                        "Giving a patient a leaflet about IMHAs on admission is enough to meet the "
                        "duty to inform."
                    ),
                    "correct": False,
                    "feedback_true": (
                        "Not quite. A leaflet alone is not enough. You need to talk to the patient "
                        "and give the information in writing, in a way they understand."
                    ),
                    "feedback_false": "Correct. A leaflet alone is not enough.",
                    "explanation": (
                        "The duty is to take practicable steps to make sure the patient "
                        "understands that IMHA help is available and how to get it. That means "
                        "talking to them as well as giving them written information."
                    ),
                },
                {
                    "type": "single_choice",
                    "text": (
                        "Who is responsible for making sure a patient under guardianship knows "
                        "about IMHAs?"
                    ),
                    "explanation": (
                        "For patients under guardianship, the responsible person is the "
                        "responsible local social services authority. For detained and CTO "
                        "patients, it is the hospital managers."
                    ),
                    "options": [
                        {
                            "text": "The responsible local social services authority",
                            "correct": True,
                            "feedback": (
                                "Correct. For guardianship, the duty sits with the responsible "
                                "local social services authority."
                            ),
                        },
                        {
                            "text": "The hospital managers",
                            "correct": False,
                            "feedback": (
                                "Not quite. Hospital managers are responsible for detained and CTO "
                                "patients, not for patients under guardianship."
                            ),
                        },
                        {
                            "text": "The patient's nearest relative",
                            "correct": False,
                            "feedback": (
                                "Not quite. The nearest relative may get a copy of the written "
                                "information, but the duty is not theirs."
                            ),
                        },
                        {
                            "text": "The IMHA service",
                            "correct": False,
                            "feedback": (
                                "Not quite. The IMHA service provides the help, but the duty to "
                                "inform sits elsewhere."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": (
                        "For a patient detained under section 3, a copy of the written information "
                        "about IMHAs should go to their nearest relative, unless the patient "
                        "objects."
                    ),
                    "correct": True,
                    "feedback_true": (
                        "Correct. The nearest relative gets a copy unless the patient objects."
                    ),
                    "feedback_false": (
                        "Not quite. A copy should go to the nearest relative, unless the patient "
                        "objects."
                    ),
                    "explanation": (
                        "The patient's wishes come first. If they do not want their nearest "
                        "relative to have a copy, it should not be sent."
                    ),
                },
            ],
        },
    },
    {
        "title": "Working alongside an advocate",
        "slug": "working-alongside-an-advocate",
        "summary": (
            "Find out what an IMHA is entitled to do, and how to include them in ward rounds, "
            "hearings and care planning."
        ),
        "body": (
            "<p>When a patient works with an IMHA, you will meet the advocate on the ward, in "
            "meetings and at reviews. The law gives advocates some clear rights. Knowing them "
            "helps you plan.</p>"
            "<h2>What an IMHA can do</h2>"
            "<p>To help a qualifying patient, an IMHA can:</p>"
            "<ul>"
            "<li>meet the patient in private</li>"
            "<li>meet the professionals involved in the patient's treatment</li>"
            "<li>see relevant records about the patient, if the patient consents</li>"
            "</ul>"
            "<p>If the patient lacks capacity to consent, the IMHA can still see relevant records "
            "where this is appropriate. It must not conflict with a decision made by the patient's "
            "attorney or deputy, or by the Court of Protection.</p>"
            "<p>Make space for this. Find a private room. Tell the advocate who to speak to. Do "
            "not stay in private meetings unless the patient asks you to.</p>"
            "<h2>Ward rounds</h2>"
            "<p>A patient may want their advocate at a ward round. Ask the patient early and tell "
            "the advocate the time and place. The advocate may help the patient plan what they "
            "want to say. In the room, let the patient speak first where you can. Explain "
            "decisions in plain language.</p>"
            "<h2>Tribunals and hearings</h2>"
            "<p>An IMHA can help a patient understand their right to apply to a tribunal or a "
            "hospital managers' hearing, and help them apply. They can support the patient at the "
            "hearing. They are not a legal representative, so the patient may also want a "
            "solicitor.</p>"
            "<h2>Care planning</h2>"
            "<p>With the patient's agreement, involve the advocate in care planning, discharge "
            "planning and CTO reviews. Share dates and plans early, not on the day. An advocate "
            "who has time to prepare with the patient can help the meeting go well.</p>"
            "<h2>When you disagree</h2>"
            "<p>The advocate may raise points you do not agree with. That is their job. Listen, "
            "explain the team's reasons and record the patient's views in their notes.</p>"
        ),
        "key_points": [
            (
                "An IMHA can meet the patient in private and meet the professionals involved in "
                "their treatment."
            ),
            (
                "An IMHA can see relevant records with the patient's consent. If the patient lacks "
                "capacity, access must be appropriate and must not conflict with a decision by an "
                "attorney or deputy."
            ),
            "Tell the advocate about ward rounds, hearings and care planning meetings early.",
            "An IMHA can support a patient at a tribunal, but is not their solicitor.",
        ],
        "learning_outcomes": [
            "Describe what an IMHA is entitled to do when supporting a patient.",
            "Plan how to include an advocate in ward rounds, hearings and care planning.",
        ],
        "reflection_prompt": (
            "Think about a recent ward round or care planning meeting. How could you have made it "
            "easier for the patient to bring an advocate and have their say? Do not include "
            "anything that could identify a patient, such as their name, age, ward or details of "
            "their care."
        ),
        "film_chapter_hint": "What you can do",
        "quiz": {
            "title": "Knowledge check: working alongside an advocate",
            "pass_mark": 80,
            "questions": [
                {
                    "type": "single_choice",
                    "text": (
                        "An IMHA asks to see a patient's relevant records. The patient has "
                        "capacity and agrees. What should happen?"
                    ),
                    "explanation": (
                        "With the patient's consent, an IMHA can see relevant records. No one else "
                        "needs to give permission."
                    ),
                    "options": [
                        {
                            "text": "The IMHA is given access to the relevant records",
                            "correct": True,
                            "feedback": (
                                "Correct. The patient has consented, so the IMHA can see the "
                                "relevant records."
                            ),
                        },
                        {
                            "text": (
                                "Access is refused, because records are only for the clinical team"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. The law allows an IMHA to see relevant records when "
                                "the patient consents."
                            ),
                        },
                        {
                            "text": "The nearest relative is asked for permission first",
                            "correct": False,
                            "feedback": (
                                "Not quite. The patient has capacity and has consented. The "
                                "nearest relative's permission is not needed."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": "An IMHA has the right to meet the patient in private.",
                    "correct": True,
                    "feedback_true": "Correct. An IMHA can meet the patient in private.",
                    "feedback_false": (
                        "Not quite. An IMHA has the right to meet the patient in private."
                    ),
                    "explanation": (
                        "Private meetings help the patient speak freely. Help by finding a private "
                        "space and not staying unless the patient asks you to."
                    ),
                },
                {
                    "type": "true_false",
                    "text": "If a patient lacks capacity, an IMHA can never see their records.",
                    "correct": False,
                    "feedback_true": (
                        "Not quite. An IMHA can see relevant records where this is appropriate and "
                        "does not conflict with a decision by an attorney or deputy."
                    ),
                    "feedback_false": (
                        "Correct. Access is possible where it is appropriate and does not conflict "
                        "with a decision by an attorney or deputy."
                    ),
                    "explanation": (
                        "When a patient lacks capacity to consent, an IMHA can still see relevant "
                        "records if it is appropriate and does not conflict with a decision made "
                        "by an attorney, a deputy or the Court of Protection."
                    ),
                },
                {
                    "type": "single_choice",
                    "text": (
                        "A patient wants their advocate at tomorrow's ward round. What is the best "
                        "thing to do?"
                    ),
                    "explanation": (
                        "Patients can have their advocate with them at ward rounds. Good planning "
                        "helps the patient take part and helps the round run smoothly."
                    ),
                    "options": [
                        {
                            "text": (
                                "Tell the advocate the time and place, and check what the patient "
                                "wants to raise"
                            ),
                            "correct": True,
                            "feedback": "Correct. This helps the patient and the advocate prepare.",
                        },
                        {
                            "text": "Tell the patient that advocates cannot come to ward rounds",
                            "correct": False,
                            "feedback": (
                                "Not quite. A patient can have their advocate with them at a ward "
                                "round."
                            ),
                        },
                        {
                            "text": (
                                "Ask the advocate to wait outside and tell them the outcome "
                                "afterwards"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. This would stop the advocate helping the patient have "
                                "their say in the room."
                            ),
                        },
                    ],
                },
            ],
        },
    },
    {
        "title": "From threat to ally: the worries staff have",
        "slug": "from-threat-to-ally",
        "summary": (
            "Explore common worries about advocates and how an advocate can become a bridge "
            "between the team and the patient."
        ),
        "body": (
            "<p>It is normal to feel uneasy when an advocate arrives on the ward. Some staff see "
            "the advocate as a threat, or feel someone is checking up on them. Some become "
            "defensive. These feelings are common. It helps to name them.</p>"
            "<h2>Common worries</h2>"
            "<h3>“The advocate is checking up on me”</h3>"
            "<p>An IMHA is there for the patient, not to inspect staff. They help the patient "
            "understand their rights and say what they think. If they raise a concern, it tells "
            "you about the patient's experience. Treat it as information that can help you give "
            "better care.</p>"
            "<h3>“The advocate will take the patient's side”</h3>"
            "<p>An IMHA does help the patient say what they want. That does not put them against "
            "the team. They do not push an outcome of their own. They make sure the patient is "
            "heard in decisions about their care.</p>"
            "<h3>“Advocacy slows things down”</h3>"
            "<p>Working with an advocate takes some planning. Involving them early helps avoid "
            "delays at the last minute. A patient who feels heard may find it easier to talk about "
            "their care.</p>"
            "<h2>The advocate as a bridge</h2>"
            "<p>Clinicians who work with IMHAs often describe the advocate as a bridge. An "
            "advocate can help the team have a real conversation with a patient who:</p>"
            "<ul>"
            "<li>is very unwell</li>"
            "<li>has a learning disability</li>"
            "<li>does not have English as a first language</li>"
            "<li>feels that everyone is against them</li>"
            "</ul>"
            "<p>Being detained can damage trust between a patient and the people caring for them. "
            "Working with an advocate is one way to start rebuilding it.</p>"
            "<h2>What you can do</h2>"
            "<ul>"
            "<li>Introduce yourself to the advocates who visit your ward.</li>"
            "<li>Talk about advocacy positively with patients. How you describe it can affect "
            "whether they use it.</li>"
            "<li>Ask the advocate what would help them support the patient.</li>"
            "<li>If something goes wrong, talk to the advocate or their service directly.</li>"
            "</ul>"
        ),
        "key_points": [
            "Feeling uneasy about advocacy is common. Naming the worry is a good first step.",
            "An IMHA focuses on the patient's voice and rights, not on checking up on staff.",
            (
                "An advocate can be a bridge between the team and a patient who finds it hard to "
                "be heard."
            ),
            "Working with an advocate can help rebuild trust after detention.",
        ],
        "learning_outcomes": [
            "Recognise common staff worries about advocacy.",
            "Explain how an advocate can help the team communicate with a patient.",
            "Describe practical steps to build a good working relationship with advocates.",
        ],
        "reflection_prompt": (
            "Have you ever felt defensive or checked up on when an advocate was involved? What was "
            "behind that feeling, and how might you see the same situation now? Do not include "
            "anything that could identify a patient, such as their name, age, ward or details of "
            "their care."
        ),
        "film_chapter_hint": "A bridge, not a threat",
        "quiz": {
            "title": "Knowledge check: from threat to ally",
            "pass_mark": 80,
            "questions": [
                {
                    "type": "true_false",
                    "text": (
                        "An IMHA's main job is to check that ward staff are doing their jobs "
                        "properly."
                    ),
                    "correct": False,
                    "feedback_true": (
                        "Not quite. An IMHA is there for the patient. Their focus is the patient's "
                        "voice and rights, not inspecting staff."
                    ),
                    "feedback_false": (
                        "Correct. An IMHA is there for the patient, not to check up on staff."
                    ),
                    "explanation": (
                        "Staff sometimes feel checked up on, but an IMHA's role is to help the "
                        "patient understand their rights and take part in decisions."
                    ),
                },
                {
                    "type": "single_choice",
                    "text": "How do clinicians who work with IMHAs often describe the advocate?",
                    "explanation": (
                        "Clinicians often describe the advocate as a bridge that helps the team "
                        "have a real conversation with the patient."
                    ),
                    "options": [
                        {
                            "text": "As a bridge between the team and the patient",
                            "correct": True,
                            "feedback": (
                                "Correct. An advocate can help the team and the patient understand "
                                "each other."
                            ),
                        },
                        {
                            "text": "As an inspector who reports on the ward",
                            "correct": False,
                            "feedback": (
                                "Not quite. An IMHA is not an inspector. They support the patient."
                            ),
                        },
                        {
                            "text": "As a replacement for the patient's named nurse",
                            "correct": False,
                            "feedback": (
                                "Not quite. An IMHA does not replace any member of the team. They "
                                "are independent of it."
                            ),
                        },
                    ],
                },
                {
                    "type": "single_choice",
                    "text": (
                        "An advocate tells you a patient is upset that their leave was cancelled. "
                        "What is the most helpful response?"
                    ),
                    "explanation": (
                        "Listening and explaining keeps the conversation open. It shows the "
                        "patient their view has been heard, even if the decision stays the same."
                    ),
                    "options": [
                        {
                            "text": (
                                "Listen, explain the team's reasons and record the patient's view"
                            ),
                            "correct": True,
                            "feedback": (
                                "Correct. This treats the concern as useful information and keeps "
                                "trust."
                            ),
                        },
                        {
                            "text": (
                                "Tell the advocate it is a clinical decision and not their concern"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. Raising the patient's concerns is part of the "
                                "advocate's role. Closing the conversation down can damage trust."
                            ),
                        },
                        {
                            "text": (
                                "Say you will only discuss it if the patient makes a formal "
                                "complaint"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. Many concerns can be talked through without a formal "
                                "complaint."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": (
                        "It is common for staff to feel defensive when an advocate is involved."
                    ),
                    "correct": True,
                    "feedback_true": (
                        "Correct. These feelings are common. Naming them helps you move past them."
                    ),
                    "feedback_false": (
                        "Not quite. Many staff feel defensive or checked up on at first."
                    ),
                    "explanation": (
                        "Recognising the feeling is the first step to working well with an "
                        "advocate."
                    ),
                },
            ],
        },
    },
    {
        "title": "Fair access: who misses out, and how to refer",
        "slug": "fair-access",
        "summary": (
            "Learn who is less likely to get help from an IMHA, and what you can do about it."
        ),
        "body": (
            "<p>Not everyone who could use an IMHA does. Research found that only about half of "
            "eligible patients use one. Access was lower for:</p>"
            "<ul>"
            "<li>older people</li>"
            "<li>people with a learning disability</li>"
            "<li>people from Black and minority ethnic communities</li>"
            "</ul>"
            "<p>These groups can already find it hard to be heard in services. You can help close "
            "the gap.</p>"
            "<h2>Why people miss out</h2>"
            "<p>There are many possible reasons. For example, a patient may:</p>"
            "<ul>"
            "<li>be too unwell on admission to take in information</li>"
            "<li>think the advocate is part of the team</li>"
            "<li>not get information in a language or format they understand</li>"
            "<li>not be offered an advocate because staff assume they would not benefit</li>"
            "</ul>"
            "<h2>The patient decides</h2>"
            "<p>A patient can say no to an IMHA. That is their choice. But a no on the day of "
            "admission may not be their final answer. Offer again when things change.</p>"
            "<h2>Making a referral</h2>"
            "<p>Staff can refer a patient to the IMHA service. Sometimes you should, for example "
            "when the patient cannot easily ask for an advocate themselves. This might be because "
            "they are very unwell, lack capacity or have communication needs. The advocate will "
            "then visit. The patient still decides whether to work with them.</p>"
            "<p>Know how to contact your local IMHA service, and follow your local referral "
            "process.</p>"
            "<h2>Making information accessible</h2>"
            "<ul>"
            "<li>Use a professional interpreter if the patient needs one, rather than a family "
            "member.</li>"
            "<li>Offer easy read information to people with a learning disability.</li>"
            "<li>Think about hearing, sight and memory, especially for older people.</li>"
            "<li>Give people time, and check they have understood.</li>"
            "</ul>"
            "<h2>Wales is different</h2>"
            "<p>This course covers England. In Wales, the Mental Health (Wales) Measure 2010 "
            "extends the right to an IMHA to informal in-patients. If you work with patients from "
            "Wales, check which rules apply.</p>"
        ),
        "key_points": [
            (
                "Only about half of eligible patients use an IMHA. Access is lower for older "
                "people, people with a learning disability and people from Black and minority "
                "ethnic communities."
            ),
            "A patient can decline an IMHA. Offer again when their situation changes.",
            "Staff can refer a patient to an IMHA service, and sometimes should.",
            "In Wales, informal in-patients also have a right to an IMHA.",
        ],
        "learning_outcomes": [
            "Identify groups of patients who are less likely to get help from an IMHA.",
            "Describe when and how to refer a patient to an IMHA service.",
            "Respect a patient's choice to decline an advocate.",
        ],
        "reflection_prompt": (
            "Which patients on your ward might be missing out on advocacy? What is one thing you "
            "could change in your own practice to help them hear about and use an IMHA? Do not "
            "include anything that could identify a patient, such as their name, age, ward or "
            "details of their care."
        ),
        "film_chapter_hint": "Who misses out",
        "quiz": {
            "title": "Knowledge check: fair access and referral",
            "pass_mark": 80,
            "questions": [
                {
                    "type": "single_choice",
                    "text": (
                        "Research looked at how many eligible patients use an IMHA. What did it "
                        "find?"
                    ),
                    "explanation": (
                        "Only about half of eligible patients use an IMHA. Access is lower for "
                        "older people, people with a learning disability and people from Black and "
                        "minority ethnic communities."
                    ),
                    "options": [
                        {
                            "text": "About half of eligible patients use one",
                            "correct": True,
                            "feedback": (
                                "Correct. Only about half of eligible patients use an IMHA."
                            ),
                        },
                        {
                            "text": "Almost all eligible patients use one",
                            "correct": False,
                            "feedback": (
                                "Not quite. Many eligible patients miss out. Only about half use "
                                "an IMHA."
                            ),
                        },
                        {
                            "text": "Access is the same for every group of patients",
                            "correct": False,
                            "feedback": (
                                "Not quite. Access is lower for some groups, including older "
                                "people, people with a learning disability and people from Black "
                                "and minority ethnic communities."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": (
                        "A patient who declines an IMHA on admission should not be offered one "
                        "again."
                    ),
                    "correct": False,
                    "feedback_true": (
                        "Not quite. People may be too unwell to decide on admission. Offer again "
                        "when their situation changes."
                    ),
                    "feedback_false": (
                        "Correct. A patient can change their mind, so offer again when their "
                        "situation changes."
                    ),
                    "explanation": (
                        "The patient decides whether to work with an advocate. Giving the "
                        "information again when things change is good practice."
                    ),
                },
                {
                    "type": "single_choice",
                    "text": (
                        "A patient with a learning disability cannot easily ask for an IMHA. What "
                        "should you do?"
                    ),
                    "explanation": (
                        "Staff can make a referral, and should when a patient cannot easily ask. "
                        "The patient still decides whether to work with the advocate."
                    ),
                    "options": [
                        {
                            "text": "Make a referral to the IMHA service",
                            "correct": True,
                            "feedback": (
                                "Correct. A referral means the advocate can visit. The patient "
                                "then decides whether to work with them."
                            ),
                        },
                        {
                            "text": "Wait until the patient asks for an advocate",
                            "correct": False,
                            "feedback": (
                                "Not quite. The patient may never be able to ask. Waiting could "
                                "mean they miss out."
                            ),
                        },
                        {
                            "text": (
                                "Ask the nearest relative to decide whether the patient works with "
                                "an IMHA"
                            ),
                            "correct": False,
                            "feedback": (
                                "Not quite. The patient decides whether to work with the advocate, "
                                "not their relative."
                            ),
                        },
                    ],
                },
                {
                    "type": "true_false",
                    "text": "In Wales, informal in-patients can also get help from an IMHA.",
                    "correct": True,
                    "feedback_true": (
                        "Correct. The Mental Health (Wales) Measure 2010 extends IMHA rights to "
                        "informal in-patients."
                    ),
                    "feedback_false": (
                        "Not quite. In Wales, the Mental Health (Wales) Measure 2010 extends IMHA "
                        "rights to informal in-patients."
                    ),
                    "explanation": (
                        "The rules in Wales are wider than in England. Check which rules apply if "
                        "you care for patients from Wales."
                    ),
                },
            ],
        },
    },
]


# More question types, added to each module's knowledge check after the questions above.
EXTRA_QUESTIONS = {
    "what-an-imha-is": [
        {
            "type": "multiple_response",
            "text": "Which of these may an IMHA do? Select all that apply.",
            "explanation": (
                "An IMHA may meet the patient in private and meet the professionals involved in "
                "their care. They may see relevant records with the patient's consent. They never "
                "make decisions for the patient."
            ),
            "options": [
                {"text": "Meet the patient in private", "correct": True, "feedback": "Yes."},
                {
                    "text": "Meet the professionals involved in the patient's treatment",
                    "correct": True,
                    "feedback": "Yes.",
                },
                {
                    "text": "Decide which treatment is in the patient's best interests",
                    "correct": False,
                    "feedback": "No. The patient decides what they want to say.",
                },
            ],
        },
    ],
    "who-qualifies": [
        {
            "type": "fill_in_blanks",
            "text": "Complete the sentences about the duty to inform.",
            "passage": (
                "The duty to tell patients about IMHAs is in section *130D* of the Act. The "
                "information must be given *orally/verbally/in person* and in *writing*. A leaflet "
                "on its *own* is not enough."
            ),
            "explanation": (
                "Section 130D asks for practicable steps, as soon as practicable, both spoken and "
                "written. Handing over a leaflet is not enough on its own."
            ),
        },
        {
            "type": "matching",
            "text": "Match each group of patients to who must make sure they are told about IMHAs.",
            "pairs": [
                ["A patient detained in hospital", "The hospital managers"],
                ["A patient under guardianship", "The responsible local social services authority"],
                ["A conditionally discharged restricted patient", "The responsible clinician"],
            ],
            "explanation": "Who must act depends on the patient's legal status.",
        },
    ],
    "working-alongside-an-advocate": [
        {
            "type": "ordering",
            "text": "A patient has just been detained. Put these steps in a sensible order.",
            "items": [
                "Explain, in person, that IMHA help is available and how to get it",
                "Give the same information in writing",
                "Offer to contact the IMHA service if the patient would like that",
                "Check understanding again, and repeat when the patient's situation changes",
            ],
            "explanation": (
                "Tell the patient in person and in writing, help them make contact if they want "
                "to, and come back to it: one conversation at admission is rarely enough."
            ),
        },
    ],
    "from-threat-to-ally": [
        {
            "type": "free_text",
            "text": (
                "In two or three sentences, describe one worry you (or colleagues) have had about "
                "advocates, and how you might respond to it now."
            ),
            "min_length": 60,
            "explanation": (
                "There is no single right answer. Many staff find that seeing the advocate as a "
                "bridge to the patient, not a critic of the team, changes the conversation."
            ),
        },
    ],
    "fair-access": [
        {
            "type": "multiple_response",
            "text": "Research found lower access to IMHAs for which groups? Select all that apply.",
            "explanation": (
                "Access is lower for older people, people with a learning disability, and people "
                "from Black and minority ethnic communities."
            ),
            "options": [
                {"text": "Older people", "correct": True, "feedback": "Yes."},
                {"text": "People with a learning disability", "correct": True, "feedback": "Yes."},
                {
                    "text": "People from Black and minority ethnic communities",
                    "correct": True,
                    "feedback": "Yes.",
                },
                {
                    "text": "People who have used services before",
                    "correct": False,
                    "feedback": "The research did not single out this group.",
                },
            ],
        },
    ],
}

# Questions the film pauses for in module 1, at these times (seconds).
FILM_CHECKPOINTS = [
    {
        "time": 22,
        "type": "true_false",
        "text": "An IMHA decides what is best for the patient and tells the team.",
        "correct": False,
        "feedback_true": "Not so: an IMHA helps the patient say what they want.",
        "feedback_false": "Right: the patient stays in charge of what is said.",
        "explanation": "IMHAs support the patient's own voice. They do not decide for them.",
    },
    {
        "time": 42,
        "type": "single_choice",
        "text": "Which of these patients does NOT qualify for an IMHA?",
        "explanation": (
            "People held under short emergency or holding powers, or taken to a place of safety, "
            "do not qualify while held that way."
        ),
        "options": [
            {"text": "A patient on a Community Treatment Order", "correct": False, "feedback": ""},
            {"text": "A patient held under section 136", "correct": True, "feedback": ""},
            {"text": "A patient under guardianship", "correct": False, "feedback": ""},
        ],
    },
]


# The law the course teaches (England). Each module cites the provisions it teaches; a course's
# page lists them with their status, and a change to one flags the course for review.
PROVISIONS = [
    {
        "citation": "MHA 1983 s130A",
        "title": "Independent mental health advocates: the arrangements",
        "status": "in_force",
        "status_on": "2009-04-01",
        "source_url": "https://www.legislation.gov.uk/ukpga/1983/20/section/130A",
        "note": (
            "Inserted by the Mental Health Act 2007; the IMHA service has been a legal right in "
            "England since April 2009. Advocates must be independent of the patient's care."
        ),
    },
    {
        "citation": "MHA 1983 s130B",
        "title": "What an IMHA may do",
        "status": "in_force",
        "status_on": "2009-04-01",
        "source_url": "https://www.legislation.gov.uk/ukpga/1983/20/section/130B",
        "note": (
            "Help with understanding rights, conditions and treatment; meeting the patient in "
            "private; meeting professionals; seeing records with consent (or where appropriate "
            "if the patient lacks capacity)."
        ),
    },
    {
        "citation": "MHA 1983 s130C",
        "title": "Qualifying patients",
        "status": "in_force",
        "status_on": "2009-04-01",
        "source_url": "https://www.legislation.gov.uk/ukpga/1983/20/section/130C",
        "note": (
            "Detained patients (not those held under ss4, 5(2), 5(4), 135 or 136), guardianship, "
            "community treatment orders, conditional discharge, and some informal patients "
            "considered for s57 treatment or, under 18, for ECT under s58A."
        ),
    },
    {
        "citation": "MHA 1983 s130D",
        "title": "Duty to give information about IMHAs",
        "status": "in_force",
        "status_on": "2009-04-01",
        "source_url": "https://www.legislation.gov.uk/ukpga/1983/20/section/130D",
        "note": (
            "The responsible person must take practicable steps, as soon as practicable, so the "
            "patient understands that IMHA help is available and how to get it, orally and in "
            "writing."
        ),
    },
    {
        "citation": "MHA 1983 ss42 and 73",
        "title": "Conditional discharge of restricted patients",
        "status": "in_force",
        "status_on": "1983-09-30",
        "source_url": "https://www.legislation.gov.uk/ukpga/1983/20/section/73",
        "note": (
            "Conditionally discharged restricted patients are qualifying patients for IMHA help."
        ),
    },
    {
        "citation": "MHA 2025 s40",
        "title": "Independent mental health advocates (the 2025 reforms)",
        "status": "enacted",
        "status_on": "2025-12-18",
        "source_url": "https://www.legislation.gov.uk/ukpga/2025/33/section/40",
        "note": (
            "Amends the 1983 Act's IMHA sections when it commences: detained patients in England "
            "referred to an IMHA unless they decline (opt-out), IMHA help for English qualifying "
            "informal patients, and the duties to inform as amended. Not yet in force: "
            "commencement is by regulations, phased over the coming years."
        ),
    },
]

# Which provisions each module teaches (by module slug).
MODULE_PROVISIONS = {
    "what-an-imha-is": ["MHA 1983 s130A", "MHA 1983 s130B"],
    "who-qualifies": [
        "MHA 1983 s130C",
        "MHA 1983 s130D",
        "MHA 1983 ss42 and 73",
        "MHA 2025 s40",
    ],
    "working-alongside-an-advocate": ["MHA 1983 s130B"],
    "fair-access": ["MHA 1983 s130D", "MHA 2025 s40"],
}

# One change in the law that has already happened, so the demo shows its effects: certificates
# earned on the course as it stood before read "describes the law before 18 February 2026".
LAW_HISTORY = {
    "citation": "MHA 1983 ss42 and 73",
    "kind": "amended",
    "effective_on": "2026-02-18",
    "note": (
        "Section 35 of the Mental Health Act 2025, in force from 18 February 2026, lets the "
        "Tribunal or the Secretary of State discharge a restricted patient on conditions that "
        "amount to a deprivation of liberty, where that is needed to protect others from serious "
        "harm. Such patients are still conditionally discharged, and still qualify for an IMHA."
    ),
    # The course's last legal review before the change, as certificates earned then state it.
    "reviewed_before": "2025-11-01",
}

# When each change for advocacy takes effect, for the course's "what changes when" panel.
WHAT_CHANGES_WHEN = [
    ("1 April 2009", "IMHA help becomes a legal right in England (MHA 1983 ss130A to 130D)."),
    (
        "18 December 2025",
        "The Mental Health Act 2025 receives Royal Assent. It amends the 1983 Act.",
    ),
    (
        "18 February 2026",
        "First sections of the 2025 Act in force, on conditional discharge and transfers to "
        "hospital. The IMHA sections are unchanged.",
    ),
    (
        "Not yet fixed",
        "Opt-out referral to an IMHA, IMHA help for English qualifying informal patients and the "
        "amended duties to inform: each when regulations commence it, over the coming years, "
        "with a revised Code of Practice.",
    ),
]
