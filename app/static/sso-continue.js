// Posts the identity provider's answer on from Candor's own page, so the session cookie
// (SameSite=Lax) comes along; without script, the visible button does the same.
document.querySelectorAll("form[data-auto-submit]").forEach((form) => form.submit());
