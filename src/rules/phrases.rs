//! The sentences thank-you drafts are built from (`draft`). Every pool holds six, in the order
//! people of one interview take them, so no two of those people get the same sentence. Slots:
//! `{date}` "Tuesday 3 March", `{short_date}` "3 March", `{company}`, `{position}`, `{how}` "in
//! person" / "on the phone" / "by video", `{kind}` "interview" / "phone interview" / "video
//! interview", `{topic}` (what was discussed, written for the recipient), `{strength}`.

pub const SUBJECTS_CONVERSATION: [&str; 6] = [
    "Thank you for our conversation about the {position} role",
    "Thank you for your time on {short_date}",
    "Following up on the {position} interview",
    "With thanks for our talk on {short_date}",
    "Thank you, and a note on the {position} position",
    "Our conversation about the {position} role",
];

pub const SUBJECTS_ARRANGED: [&str; 6] = [
    "Thank you for arranging my {position} interview",
    "With thanks for organising {short_date}",
    "Thank you for your help with the {position} interview",
    "My {position} interview on {short_date}",
    "Thank you for setting up the {position} interview",
    "Grateful for your help on {short_date}",
];

pub const SUBJECTS_HELP: [&str; 6] = [
    "Thank you for your help on {short_date}",
    "With thanks for your welcome at {company}",
    "Thank you for {short_date}",
    "A note of thanks from {short_date}",
    "Thank you for your kindness on {short_date}",
    "Grateful for your help at {company}",
];

pub const CONVERSATION: [&str; 6] = [
    "Thank you for speaking with me {how} on {date} about the {position} position.",
    "Thank you for taking the time on {date} to talk with me {how} about the {position} role.",
    "I enjoyed our conversation {how} on {date} about the {position} position.",
    "It was a pleasure to speak with you {how} on {date} about the {position} role.",
    "Thank you for the time you gave me {how} on {date} to discuss the {position} position.",
    "I am grateful for our conversation {how} on {date} about the {position} role.",
];

pub const ARRANGED: [&str; 6] = [
    "Thank you for arranging my {kind} for the {position} position on {date}.",
    "Thank you for setting up my {kind} with {company} on {date}.",
    "I am grateful for your help in organising my {kind} on {date} for the {position} role.",
    "Thank you for guiding me through the {position} process and arranging my {kind} on {date}.",
    "Thank you for your work in bringing about my {kind} for the {position} role on {date}.",
    "I appreciate how smoothly you organised my {kind} with {company} on {date}.",
];

pub const INTEREST: [&str; 6] = [
    "I appreciate {company_possessive} interest in me.",
    "I am grateful for the interest {company} has shown in me.",
    "Thank you for {company_possessive} interest in my application.",
    "It means a lot that {company} is considering me.",
    "I value the interest {company} has taken in my background.",
    "I appreciate the consideration {company} has given me.",
];

pub const HELP_ON_SITE: [&str; 6] = [
    "Thank you for your help and kindness when I visited {company} on {date} for my interview.",
    "Thank you for welcoming me so warmly at {company} on {date}.",
    "Thank you for looking after me when I arrived at {company} on {date}.",
    "Thank you for making me feel at home at {company} on {date}.",
    "Thank you for your friendly welcome when I came to {company} on {date}.",
    "Thank you for all your help during my visit to {company} on {date}.",
];

pub const HELP_REMOTE: [&str; 6] = [
    "Thank you for your help in setting up my {kind} with {company} on {date}.",
    "Thank you for making my {kind} with {company} on {date} go so smoothly.",
    "Thank you for your help with the arrangements for my {kind} on {date}.",
    "Thank you for your patience while we arranged my {kind} on {date}.",
    "Thank you for all your help before my {kind} with {company} on {date}.",
    "Thank you for your kind help with my {kind} on {date}.",
];

pub const HELP_MEANT: [&str; 6] = [
    "It made the day easier, and I appreciated it.",
    "Your help before the interview was much appreciated.",
    "It put me at ease before the interview.",
    "It made a real difference to my day.",
    "I noticed and valued your care.",
    "Your help meant a great deal to me.",
];

pub const DISCUSSED: [&str; 6] = [
    "I especially enjoyed discussing {topic}.",
    "Our conversation about {topic} has stayed with me.",
    "I was glad we could talk about {topic}.",
    "What you said about {topic} was particularly interesting.",
    "I found our discussion of {topic} especially useful.",
    "I keep thinking about our exchange on {topic}.",
];

pub const SUPPORT_DISCUSSED: [&str; 6] = [
    "I enjoyed our chat about {topic}.",
    "Thank you for telling me about {topic}.",
    "It was a pleasure to talk about {topic} with you.",
    "I appreciated hearing about {topic}.",
    "Our conversation about {topic} put me at ease.",
    "I am glad we found time to talk about {topic}.",
];

pub const LEARNED: [&str; 6] = [
    "I learned a great deal about the {position} role and the team's work.",
    "Hearing how {company} works made the {position} role even clearer to me.",
    "I came away with a much better picture of what the {position} role involves.",
    "Your questions about the role gave me a lot to think about.",
    "It was good to hear more about the team's plans for the {position} role.",
    "I appreciated your candour about the challenges of the {position} role.",
];

/// Each frame takes a strength as people write one, a noun phrase ("ten years of analytics") or
/// a gerund phrase ("leading a migration from Oracle to PostgreSQL"), and reads as English
/// either way: after a colon, as the object of "includes", or after "is".
pub const STRENGTH: [&str; 6] = [
    "My background includes {strength}, and I am confident it would serve your team well.",
    "One thing I would bring to the role from the first day: {strength}.",
    "What I believe sets me apart for this role: {strength}.",
    "Above all, this is what I would offer the team: {strength}.",
    "I hope our conversation showed what I could contribute; one example is {strength}.",
    "If I may add one thing I did not say: my experience includes {strength}.",
];

pub const NO_STRENGTHS: [&str; 6] = [
    "I remain confident that I am the right candidate for this role.",
    "I would welcome the chance to contribute to the team.",
    "I believe I would be a strong addition to the team.",
    "I am sure I could make a real contribution in this role.",
    "I am keen to bring my experience to the team.",
    "I am confident I could do this job well.",
];

pub const CLOSINGS: [&str; 6] = [
    "I look forward to hearing from you.",
    "Thank you again for your time and consideration.",
    "I hope to hear from you soon about the next steps.",
    "Please let me know if I can provide anything further.",
    "I would be glad to answer any further questions.",
    "I look forward to the next stage of the process.",
];

pub const SUPPORT_CLOSINGS: [&str; 6] = [
    "With many thanks again.",
    "I hope to see you again soon.",
    "Thank you once more for your kindness.",
    "I am very grateful.",
    "Warm thanks again for everything.",
    "All the best, and thank you.",
];

/// For a job the user does not want: gracious thanks, no pitch, no asking after next steps.
pub const GRACIOUS: [&str; 6] = [
    "I appreciated the chance to learn about {company} and the work of your team.",
    "It was good to hear how {company} approaches its work, and I valued your candour.",
    "I enjoyed learning more about {company} and its plans.",
    "I came away with a real respect for the work your team does.",
    "Our conversation gave me a clear picture of {company}, and I am grateful for it.",
    "I valued the openness with which you described the role.",
];

pub const GRACIOUS_CLOSINGS: [&str; 6] = [
    "I wish you and everyone at {company} every success.",
    "Thank you again for your time, and all the best to you and the team.",
    "With best wishes to you and your colleagues.",
    "I hope our paths cross again.",
    "Every good wish for the months ahead.",
    "Thank you once again, and best of luck to the team.",
];
