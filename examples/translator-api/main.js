// Uses only the library's public exports. Output goes in as text (textContent), never as HTML.
import { LanguageDetector, Translator } from 'tandem/translator';

const $ = (id) => document.getElementById(id);
const ui = { status: $('status'), output: $('output'), progress: $('progress'), availability: $('availability') };
let translator = null;
let running = null; // the AbortController of the run in progress

// What the e2e test reads: every downloadprogress `loaded`, and the chunks of the last stream.
window.example = { progress: [], chunks: [], errors: [] };

const options = () => ({ sourceLanguage: $('source').value, targetLanguage: $('target').value });
const show = (status) => (ui.status.textContent = status);
const fail = (error) => {
  window.example.errors.push(error?.name ?? String(error));
  show(`${error?.name ?? 'Error'}: ${error?.message ?? error}`);
};
const enable = (ready) => {
  for (const id of ['translate', 'stream', 'destroy']) $(id).disabled = !ready;
};

async function refreshAvailability() {
  ui.availability.textContent = await Translator.availability(options()).catch((e) => e.name);
}

$('create').addEventListener('click', async () => {
  show('creating');
  window.example.progress = [];
  try {
    translator = await Translator.create({
      ...options(),
      monitor(m) {
        m.addEventListener('downloadprogress', (e) => {
          window.example.progress.push(e.loaded);
          ui.progress.value = e.loaded;
        });
      },
    });
    enable(true);
    show('ready');
  } catch (error) {
    fail(error);
  }
  refreshAvailability();
});

async function run(streaming) {
  running = new AbortController();
  $('stop').disabled = false;
  ui.output.textContent = '';
  show(streaming ? 'streaming' : 'translating');
  try {
    if (streaming) {
      window.example.chunks = [];
      for await (const chunk of translator.translateStreaming($('text').value, { signal: running.signal })) {
        window.example.chunks.push(chunk);
        ui.output.textContent += chunk;
      }
    } else {
      ui.output.textContent = await translator.translate($('text').value, { signal: running.signal });
    }
    show('done');
  } catch (error) {
    fail(error);
  } finally {
    $('stop').disabled = true;
  }
}

$('translate').addEventListener('click', () => run(false));
$('stream').addEventListener('click', () => run(true));
$('stop').addEventListener('click', () => running?.abort());
$('destroy').addEventListener('click', () => {
  translator?.destroy();
  show('destroyed');
});
$('detect').addEventListener('click', async () => {
  try {
    const detector = await LanguageDetector.create();
    const [best] = await detector.detect($('text').value);
    $('detected').textContent = `${best.detectedLanguage} ${best.confidence.toFixed(2)}`;
    if ([...$('source').options].some((o) => o.value === best.detectedLanguage))
      $('source').value = best.detectedLanguage;
    detector.destroy();
    refreshAvailability();
  } catch (error) {
    fail(error);
  }
});
$('source').addEventListener('change', refreshAvailability);
$('target').addEventListener('change', refreshAvailability);
refreshAvailability();
