// "Read aloud": the browser's own speech synthesis, with a Vietnamese voice only. No voice
// (or no speechSynthesis at all): the button stays hidden. Nothing is downloaded.
(function () {
  var box = document.querySelector("[data-speak]");
  var source = document.querySelector("[data-speak-text]");
  var synth = window.speechSynthesis;
  if (!box || !source || !synth || !window.SpeechSynthesisUtterance) return;
  var button = box.querySelector("button");
  var voice = null;
  function pick() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^vi([-_]|$)/i.test(voices[i].lang)) { voice = voices[i]; break; }
    }
    box.hidden = !voice;
  }
  pick();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", pick);
  function set(speaking) {
    button.setAttribute("aria-pressed", speaking ? "true" : "false");
    button.textContent = speaking ? box.dataset.stop : box.dataset.play;
  }
  button.addEventListener("click", function () {
    if (synth.speaking) { synth.cancel(); set(false); return; }
    // Paragraph by paragraph: long utterances are cut off by some engines.
    var parts = (document.querySelector("h1").innerText + "\n" + source.innerText)
      .split(/\n+/).map(function (s) { return s.trim(); }).filter(Boolean);
    parts.forEach(function (text, index) {
      var u = new SpeechSynthesisUtterance(text);
      u.voice = voice; u.lang = voice.lang; u.rate = 0.9;
      if (index === parts.length - 1) u.onend = function () { set(false); };
      synth.speak(u);
    });
    set(true);
  });
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
