"""The seed article's "how to do it" steps and "recommended goals" for each stage, as data.

`programs.services.playbook_sync()` loads these into PlaybookStep rows (keyed by stage + key, so
editing the text here and syncing updates them in place). Each new pilot gets its stage's steps as
a checklist.
"""

from __future__ import annotations

from typing import TypedDict


class StepData(TypedDict):
    key: str
    kind: str  # "step" or "goal"
    title: str
    guidance: str


PLAYBOOK: dict[int, list[StepData]] = {
    1: [
        {
            "key": "select-sponsor-and-champions",
            "kind": "step",
            "title": "Select the sponsor organization and champions",
            "guidance": "Pick a department that recruits people comfortable with social networks and video. "
            "Choose champions who are comfortable with innovation and uncertainty.",
        },
        {
            "key": "engagement-strategy",
            "kind": "step",
            "title": "Define and rank candidate profiles",
            "guidance": "With the sponsor organization, write specific profiles of the people they usually try "
            "to attract and rank their priority.",
        },
        {
            "key": "keyword-families",
            "kind": "step",
            "title": "Build keyword families and searches; rank venues",
            "guidance": "Turn the candidate definitions into keyword families and complex searches that find "
            "candidates talking online. Rank social venues by the quality and quantity of conversations.",
        },
        {
            "key": "contributor-guidelines",
            "kind": "step",
            "title": "Recruit contributors and agree the sharing guidelines",
            "guidance": "Select a small group of future colleagues (not HR). Develop voluntary guidelines for their "
            "profiles and interactions, and be clear about what is okay to share and what is not.",
        },
        {
            "key": "share-stream",
            "kind": "step",
            "title": "Share projects, challenges, jobs and behind-the-curtain tidbits",
            "guidance": "Provide a steady stream of exciting projects, challenges, active or emerging job "
            "opportunities and why it is fun to work here, aimed at candidates and their influencers.",
        },
        {
            "key": "video-interviews",
            "kind": "step",
            "title": "Run first interviews by video",
            "guidance": "Conduct first interviews by video instead of phone or travel, in line with the firm's culture.",
        },
        {
            "key": "recruiting-videos",
            "kind": "step",
            "title": "Make 3–5 videos of key people",
            "guidance": "If the sponsor recruits a lot, record key people talking about what they work on, why it "
            "matters and how they work with others; point prospects and candidates to them.",
        },
        {
            "key": "goal-track-resonance",
            "kind": "goal",
            "title": "Track which kinds of posts resonate",
            "guidance": "Experiment with sharing different kinds of things and track what resonates with "
            "high-priority prospects, starting from the best conversations your searches found.",
        },
        {
            "key": "goal-social-side",
            "kind": "goal",
            "title": "Let people share the social side of work",
            "guidance": "Don't overlook what people like to do in their spare time; let them mention it if they want.",
        },
        {
            "key": "goal-ask-for-candidates",
            "kind": "goal",
            "title": "Ask employees for candidates and job-description feedback",
            "guidance": "When openings appear, ask people to suggest candidates and to comment on the job "
            "description. Thank them when you use their advice, and even when you don't.",
        },
        {
            "key": "goal-celebrate",
            "kind": "goal",
            "title": "Celebrate wins online",
            "guidance": "Celebrate hires and wins in the venues.",
        },
        {
            "key": "goal-financials",
            "kind": "goal",
            "title": "Compare leads and hires with the legacy process",
            "guidance": "Build and keep a stream of quality leads and hires, and put the numbers against the "
            "legacy process (travel, recruiters, job ads).",
        },
    ],
    2: [
        {
            "key": "social-media-policy",
            "kind": "step",
            "title": "Put a social media policy in place",
            "guidance": "Stage 2 creates a private space: vet and define what can and can't be shared before "
            "anything else. A Stage 2 pilot cannot go active without an approved policy.",
        },
        {
            "key": "alumni-engagement-strategy",
            "kind": "step",
            "title": "Define and rank the alumni who matter most",
            "guidance": "The sponsor organization defines and ranks the importance of alumni segments. Scope the "
            "pilot small; avoid initiatives that span many areas.",
        },
        {
            "key": "alumni-keyword-families",
            "kind": "step",
            "title": "Build keyword families and searches for alumni",
            "guidance": "Turn the alumni definitions into keyword families and searches that find alumni (yours "
            "or competitors') talking about topics relevant to your business.",
        },
        {
            "key": "rank-venues-private-group",
            "kind": "step",
            "title": "Rank venues and open a private group",
            "guidance": "Rank social venues from those conversations to decide where to invest, then create a "
            "private, password-protected group in the best one.",
        },
        {
            "key": "coach-contributors",
            "kind": "step",
            "title": "Select and coach a small group of employees",
            "guidance": "Develop voluntary guidelines; coach them on their profiles, on searching for and helping "
            "fellow alumni, and on sparking conversations. Their profiles are their own.",
        },
        {
            "key": "show-you-help",
            "kind": "step",
            "title": "Show alumni you sincerely want to help them",
            "guidance": "Help alumni reach goals outside their formal relationship with you, in the open, so others "
            "see it happen and goodwill grows.",
        },
        {
            "key": "goal-alumni-referrals",
            "kind": "goal",
            "title": "Establish alumni as a source of recruits",
            "guidance": "Talk about challenges and emerging openings and ask alumni to recommend people.",
        },
        {
            "key": "goal-local-events",
            "kind": "goal",
            "title": "Meet alumni at their local networking events",
            "guidance": "Ask alumni in certain geographies about their favourite events; meet there and exchange introductions.",
        },
        {
            "key": "goal-meaningful-introductions",
            "kind": "goal",
            "title": "Track meaningful introductions made for alumni",
            "guidance": "The most important number: how many meaningful introductions the team makes on behalf of alumni.",
        },
        {
            "key": "goal-ask-how-to-help",
            "kind": "goal",
            "title": "Ask alumni how they would like to be helped (late in the pilot)",
            "guidance": "Only after trust has been built in-venue; never at the beginning.",
        },
        {
            "key": "goal-celebrate-alumni-hires",
            "kind": "goal",
            "title": "Celebrate hires recommended by alumni in-venue",
            "guidance": "When you hire someone an alumnus recommended, celebrate it in the venue.",
        },
        {
            "key": "goal-alumni-help-employees",
            "kind": "goal",
            "title": "Encourage alumni to help employees",
            "guidance": "Coach contributors to invite alumni to help with current challenges and to connect.",
        },
        {
            "key": "goal-mentor-contributors",
            "kind": "goal",
            "title": "Mentor contributors to train others",
            "guidance": "Build a scalable team: contributors learn to train and mentor other contributors.",
        },
        {
            "key": "goal-scale",
            "kind": "goal",
            "title": "Scale to other organizations and to contractors",
            "guidance": "Repeat the pilot in other organizations; ask for referrals of consultants and contract workers.",
        },
        {
            "key": "goal-outplacement",
            "kind": "goal",
            "title": "Help employees whose jobs are eliminated",
            "guidance": "Use the network to help employees find jobs outside when there is no role they want internally.",
        },
        {
            "key": "goal-financials",
            "kind": "goal",
            "title": "Compare leads and hires with the legacy process",
            "guidance": "Like Stage 1, over a wider range of recruits: compare against travel, recruiters and job ads.",
        },
    ],
    3: [
        {
            "key": "relevant-conversations",
            "kind": "step",
            "title": "Start relevant conversations online",
            "guidance": "The sponsor organization holds interesting, relevant conversations that build an audience "
            "of alumni with similar interests, often in adjacent parts of the value chain.",
        },
        {
            "key": "reference-conversations",
            "kind": "step",
            "title": "Keep reusable reference conversations",
            "guidance": "In-group discussions of a challenge or the value proposition become private reference "
            "points contributors reuse when building relationships.",
        },
        {
            "key": "request-guidance",
            "kind": "step",
            "title": "Guide contributors' requests",
            "guidance": 'Requests like "We\'re looking at an opportunity with XYZ…" are fine; never ask for privileged information.',
        },
        {
            "key": "invite-alumni-requests",
            "kind": "step",
            "title": "Encourage alumni to ask for help",
            "guidance": "Invite alumni to bring their own requests to the team.",
        },
        {
            "key": "conflict-of-interest",
            "kind": "step",
            "title": "Coach on conflicts of interest",
            "guidance": "Be up-front and matter-of-fact when an alumnus works for a direct competitor.",
        },
        {
            "key": "assist-value-scale",
            "kind": "step",
            "title": "Track assists given and received on a value scale",
            "guidance": "An introduction to a buying decision maker is worth more than general information about business conditions.",
        },
        {
            "key": "goal-meet-alumni-requests",
            "kind": "goal",
            "title": "Make sure alumni requests are met",
            "guidance": "Supporting alumni matters more than the help you get: it keeps their interest and your relevance.",
        },
        {
            "key": "goal-sales-cycle",
            "kind": "goal",
            "title": "Measure how help shrinks the sales cycle",
            "guidance": "Compare the types of help you get and how quickly they shrink the sales cycle (30–50% is possible).",
        },
        {
            "key": "goal-celebrate",
            "kind": "goal",
            "title": "Track the help you give and celebrate wins online",
            "guidance": "Track the quality of help given and celebrate wins to build momentum.",
        },
    ],
}
