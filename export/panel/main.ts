// The browser entry of the experiment panels (bundled by export/panel/bundle.ts): the page calls
// backpropLabExperiments.mountAll() once plotly.js is ready; each panel then builds itself.
import { mountAll } from "./experiment";

(window as unknown as { backpropLabExperiments: { mountAll: typeof mountAll } }).backpropLabExperiments = { mountAll };
