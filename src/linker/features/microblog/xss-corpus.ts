// Known XSS payloads (after the OWASP XSS Filter Evasion Cheat Sheet and the html5sec.org
// vectors, written out here), each of which would set window.__foyerXss or reach the
// foreign host evil.example if it ever ran. The sanitiser's unit tests and the browser test
// (posted by a remote user through a third-party XMPP library) share this list.

export const XSS_FLAG = '__foyerXss';
const RUN = `window.${XSS_FLAG}=1`;

export const XSS_PAYLOADS: readonly string[] = [
  `<script>${RUN}</script>`,
  `<SCRIPT SRC=https://evil.example/x.js></SCRIPT>`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `<img src=x onerror="${RUN}">`,
  `<img src="https://evil.example/i.png" onload="${RUN}">`,
  `<IMG SRC="javascript:${RUN}">`,
  `<img src=JaVaScRiPt:${RUN}>`,
  `<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${RUN}>`,
  `<img srcset="https://evil.example/a.png 1x" src="x">`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<a href="javascript:${RUN}">click</a>`,
  `<a href="JAVASCRIPT:${RUN}">click</a>`,
  `<a href=" javascript:${RUN}">click</a>`,
  `<a href="jav&#x09;ascript:${RUN}">click</a>`,
  `<a href="jav\tascript:${RUN}">click</a>`,
  `<a href="jav&#x0A;ascript:${RUN}">click</a>`,
  `<a href="&#14;javascript:${RUN}">click</a>`,
  `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;${RUN}">click</a>`,
  `<a href="javascript&colon;${RUN}">click</a>`,
  `<a href="vbscript:msgbox(1)">click</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>`,
  `<a href="data:text/html,<script>${RUN}</script>">click</a>`,
  `<a href="https://ok.example/" onclick="${RUN}" onmouseover="${RUN}">hover</a>`,
  `<a href="//evil.example/">protocol-relative</a>`,
  `<svg onload="${RUN}"><circle r="1"/></svg>`,
  `<svg><script>${RUN}</script></svg>`,
  `<svg><a xlink:href="javascript:${RUN}"><text x="20" y="20">svg link</text></a></svg>`,
  `<svg><animate onbegin="${RUN}" attributeName="x" dur="1s"/></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}"></style></mglyph></table></mtext></math>`,
  `<math href="javascript:${RUN}">math</math>`,
  `<style>body{background:url("javascript:${RUN}")}</style>`,
  `<p style="background-image:url(https://evil.example/bg.png)">styled</p>`,
  `<div style="width:expression(${RUN})">ie</div>`,
  `<link rel="stylesheet" href="https://evil.example/s.css">`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<iframe srcdoc="<script>parent.${RUN}</script>"></iframe>`,
  `<object data="javascript:${RUN}"></object>`,
  `<embed src="https://evil.example/e.swf">`,
  `<form action="javascript:${RUN}"><input type="submit" value="go"></form>`,
  `<button formaction="javascript:${RUN}">b</button>`,
  `<input autofocus onfocus="${RUN}">`,
  `<details open ontoggle="${RUN}">d</details>`,
  `<video><source onerror="${RUN}"></video>`,
  `<audio src=x onerror="${RUN}"></audio>`,
  `<body onload="${RUN}">body</body>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<base href="https://evil.example/">`,
  `<!--<img src=x onerror="${RUN}">-->`,
  `<!--[if gte IE 4]><script>${RUN}</script><![endif]-->`,
  `<![CDATA[<img src=x onerror="${RUN}">]]>`,
  `<p><a href="https://ok.example/">unclosed <b>bold <i>nested</p></a> after`,
  `<a href="https://ok.example/"><a href="javascript:${RUN}">nested link</a></a>`,
  `<<script>script>${RUN}<</script>/script>`,
  `<img """><script>${RUN}</script>">`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>"></noscript>`,
  `<template><img src=x onerror="${RUN}"></template>`,
  `<textarea></textarea><img src=x onerror="${RUN}"></textarea>`,
  `<title><img src=x onerror="${RUN}"></title>`,
  `<xmp><img src=x onerror="${RUN}"></xmp>`,
  `<div id="x" data-foo="bar" class="evil">attrs</div>`,
  `<img src="https://ok.example/a.png" width="99999999" height="-1" alt="big">`,
  `<a href="https://user:pass@evil.example/">creds</a>`,
  `<img src="http://evil.example/plain-http.png">`,
];

/** A nesting bomb and a wide bomb: the sanitiser must stay bounded on both. */
export function sizeBombs(): string[] {
  return ['<div>'.repeat(20_000) + 'deep' + '</div>'.repeat(20_000), '<b>x</b>'.repeat(20_000)];
}
