"""Writes with a rule for recruiting, one module per concern; the public names are re-exported here.

- profiles: candidate profiles and their ranking
- openings: openings, their status and description revisions; asking contributors for suggestions
- feedback: contributors' feedback on a description, the decision and the thank-you
- candidates: adding, moving (the rules are recruiting.pipeline), promoting a conversation, hiring
- referrals: a contributor's referral and its thank-you
- posts: shared posts, their engagement (typed or uploaded) and responses
- interviews: video-first interviews and the travel they avoided
- videos: recruiting videos and the candidates pointed to them

Emails are enqueued by task name, so this package never imports recruiting.tasks.
"""
