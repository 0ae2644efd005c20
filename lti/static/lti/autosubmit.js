// The deep-linking reply goes back to the platform at once; its button stays for anyone
// whose browser runs no script.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
