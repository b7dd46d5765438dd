/* global window, document, navigator */
// Runs before the pane's bundle, in every webview Excel may open the pane in, so it is ES5 on purpose (a test
// parses it as ES5: test/taskpane/bootstrap.test.ts). The bundle is ES2020 with React 19 and Fluent UI 9, which
// Internet Explorer 11 (Trident) and Edge Legacy (EdgeHTML) cannot run: volume-licensed Office 2019, and retail
// Office 2016/2019 or old Microsoft 365 builds without WebView2, open add-ins there. Instead of a blank pane the
// user reads what to use. No feature test through `Function`/`eval`: the page's Content-Security-Policy forbids
// them, so the check is on the globals and methods the bundle needs. A false alarm does no harm: the message is
// written into #root, which the pane replaces when it renders.
(function () {
  var w = window;

  /** Trident (IE11) or EdgeHTML (Edge Legacy): the webviews the README's version table says cannot run the pane. */
  function isOldMicrosoftWebview(userAgent) {
    return /Trident\/|MSIE |\bEdge\/\d/.test(userAgent);
  }

  /** What the bundle uses and an ES2020 engine has; any one missing means the bundle cannot run. */
  function hasModernEngine() {
    return (
      typeof w.Promise === 'function' &&
      typeof w.Promise.allSettled === 'function' &&
      typeof w.fetch === 'function' &&
      typeof w.Symbol === 'function' &&
      typeof w.Map === 'function' &&
      typeof w.globalThis === 'object' &&
      typeof Object.fromEntries === 'function' &&
      typeof String.prototype.matchAll === 'function'
    );
  }

  function supported() {
    return !isOldMicrosoftWebview(navigator.userAgent || '') && hasModernEngine();
  }

  var MESSAGE = [
    {
      lang: 'vi',
      title: 'Phiên bản Excel này không mở được ngăn Chấm điểm Chỉ số CCHC',
      lines: [
        'Ngăn cần Excel cho Microsoft 365, Excel 2021 trở lên (Windows, có Microsoft Edge WebView2), Excel cho Mac hoặc Excel trên web. Excel 2016/2019 chỉ chạy được khi máy có WebView2.',
        'Thay vào đó, hãy: mở tệp bằng Excel trên web (tải tệp lên OneDrive hoặc SharePoint); hoặc nhờ bộ phận CNTT cài Microsoft Edge WebView2 Runtime, cập nhật Office; hoặc dùng dòng lệnh:',
      ],
    },
    {
      lang: 'en',
      title: 'This version of Excel cannot open the PAR Index scoring pane',
      lines: [
        'The pane needs Excel for Microsoft 365, Excel 2021 or later (Windows, with Microsoft Edge WebView2), Excel for Mac or Excel on the web. Excel 2016/2019 run it only where WebView2 is installed.',
        'Instead: open the file in Excel on the web (upload it to OneDrive or SharePoint); or ask IT to install the Microsoft Edge WebView2 Runtime or update Office; or use the command line:',
      ],
    },
  ];
  var COMMANDS = 'par-index validate tep.xlsx\npar-index rank tep.xlsx --out ket-qua.xlsx';

  function element(tag, text) {
    var e = document.createElement(tag);
    if (text) e.appendChild(document.createTextNode(text));
    return e;
  }

  function showMessage() {
    var root = document.getElementById('root');
    if (!root) {
      root = element('div');
      root.id = 'root';
      document.body.appendChild(root);
    }
    var box = element('div');
    box.setAttribute('role', 'alert');
    box.setAttribute('data-unsupported-webview', 'true');
    box.style.padding = '12px';
    box.style.fontFamily = "'Segoe UI', sans-serif";
    box.style.fontSize = '14px';
    box.style.lineHeight = '1.4';
    for (var i = 0; i < MESSAGE.length; i++) {
      var part = element('section');
      part.setAttribute('lang', MESSAGE[i].lang);
      part.appendChild(element('h1', MESSAGE[i].title)).style.fontSize = '16px';
      for (var j = 0; j < MESSAGE[i].lines.length; j++) part.appendChild(element('p', MESSAGE[i].lines[j]));
      var code = part.appendChild(element('pre', COMMANDS));
      code.style.whiteSpace = 'pre-wrap';
      code.style.background = '#f3f3f3';
      code.style.padding = '6px';
      box.appendChild(part);
    }
    root.appendChild(box);
  }

  w.parIndexWebviewSupported = supported();
  if (!w.parIndexWebviewSupported) showMessage();
})();
