"""Mediation records shared by every kind that mediates (行政调解; mediation inside a reconsideration, ARL Art. 73;
mediation inside an adjudication): the parties' consent, the mediators appointed and recused, the session log,
the agreement with its terms, their performance and the follow-up visits.

A kind uses these by naming the effects of caseflow.settlement.effects in its workflow; nothing here knows which
kind a case is.
"""
