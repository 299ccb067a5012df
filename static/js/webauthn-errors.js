// Security keys and passkeys (allauth's WebAuthn forms): when the browser refuses, the
// key times out or the person cancels, allauth's script fires "allauth.error". Say so in
// the page (the element #webauthn-error carries the translated texts) instead of only in
// the console, and put the focus there so a screen reader reads it.
(function () {
  'use strict'

  function show (text) {
    const box = document.getElementById('webauthn-error')
    if (!box) return false
    box.textContent = text
    box.hidden = false
    box.tabIndex = -1
    box.focus()
    return true
  }

  document.addEventListener('allauth.error', function (event) {
    const box = document.getElementById('webauthn-error')
    if (box && show(box.dataset.message)) event.preventDefault()
  })

  // The buttons that ask for a key start hidden ([data-webauthn-only]): without
  // JavaScript or WebAuthn they could do nothing. Where a key is the point of the page,
  // the page says why they stay away.
  document.addEventListener('DOMContentLoaded', function () {
    if (window.PublicKeyCredential) {
      document.querySelectorAll('[data-webauthn-only]').forEach(function (element) {
        element.hidden = false
      })
      return
    }
    const box = document.getElementById('webauthn-error')
    if (box && box.dataset.unsupported) show(box.dataset.unsupported)
  })
})()
