"""General counsel's advice before a contract with an entity in a country of concern."""
