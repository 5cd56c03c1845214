"""Filing disclosures: cycles, disclosures, their items, versions and attachments."""
