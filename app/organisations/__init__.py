"""Outside organisations: one shared record per entity, sponsor, payer or institution."""
