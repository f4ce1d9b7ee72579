"""One module per use case behind ``assistant.service.RecommendationService`` (which only dispatches).

Each use case is a plain function over a ``ServiceContext`` (the store, the model, the clock, the rule
configuration): ``recommend``, ``named`` (one creator), ``compare``, ``why_not``, ``lookalikes``,
``refine``, ``plan``, ``export`` (and the shortlist), ``help`` (help and error answers).
"""
