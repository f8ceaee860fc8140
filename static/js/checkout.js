// Progressive enhancement: disable the button after the first click. The hidden idempotency key is
// what really prevents a second order if the request is sent twice anyway.
document.querySelectorAll("form button[data-once]").forEach(function (button) {
  button.form.addEventListener("submit", function () { button.disabled = true; });
});
