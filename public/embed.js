/*
 * Embeds the RevOps diagnostic in another site (one of EMBED_ORIGINS). Paste where it should appear:
 *   <script src="https://DIAGNOSTIC-SITE/embed.js" data-locale="es" async></script>
 * It inserts a frame of https://DIAGNOSTIC-SITE/<locale>/embed/ just after itself and keeps the frame
 * as tall as the page inside it, from the height that page posts (checked: from that origin and
 * that frame only). data-locale: es (default), pt or en; data-title: the frame's accessible name.
 */
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var locale = /^(es|pt|en)$/.test(script.getAttribute('data-locale') || '') ? script.getAttribute('data-locale') : 'es';
  var frame = document.createElement('iframe');
  frame.src = origin + '/' + locale + '/embed/';
  frame.title = script.getAttribute('data-title') || 'Diagnóstico RevOps';
  frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;min-height:480px;border:0;';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== 'diagnostico-revops:height' || !(data.height > 0) || data.height > 100000) return;
    frame.style.height = Math.ceil(data.height) + 'px';
    frame.style.minHeight = '0';
  });
})();
