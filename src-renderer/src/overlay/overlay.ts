import 'vazirmatn/Vazirmatn-Variable-font-face.css';
import './overlay.css';
import { sokhanApi } from '../sokhan-api';
import { INITIAL_OVERLAY, overlayReducer, overlayTexts, type OverlayState } from './overlay-state';

// A plain page, no React: the pill is a handful of nodes redrawn on each event.
const api = sokhanApi();
let state: OverlayState = INITIAL_OVERLAY;
let language: 'fa' | 'en' = 'fa';

const node = (id: string) => document.getElementById(id)!;
const pill = node('pill');
const stop = node('stop') as HTMLButtonElement;
const copy = node('copy') as HTMLButtonElement;

function draw(): void {
  const texts = overlayTexts(state, language);
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'fa' ? 'rtl' : 'ltr';
  pill.dataset.state = state.delivered && state.state === 'idle' ? 'delivered' : state.state;
  node('state').textContent = texts.status;
  node('cost').textContent = texts.cost;
  node('words').textContent = texts.words;
  node('level').style.inlineSize = `${Math.round(texts.level * 100)}%`;
  stop.textContent = '■';
  stop.title = texts.stop;
  stop.setAttribute('aria-label', texts.stop);
  stop.hidden = !(state.state === 'starting' || state.state === 'listening');
  copy.textContent = '⧉';
  copy.title = texts.copy;
  copy.setAttribute('aria-label', texts.copy);
}

// Requests go through the core like the hotkey's: the window's microphone flow stops (with its tail).
stop.addEventListener('click', () => void api?.request('stop'));
copy.addEventListener('click', () => void api?.request('copyLast'));

if (api) {
  void api.getSettings().then((result) => {
    if (result.ok) language = result.value.uiLanguage;
    draw();
  });
  api.onEvent((event) => {
    state = overlayReducer(state, event);
    draw();
  });
}
draw();
