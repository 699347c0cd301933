// The browser entry of the experiment panels (bundled by export/bundle.ts): the page's script
// (export/page/runtime.ts) calls backpropLabExperiments.mount(el, Plotly) as each panel comes into view.
import { mount } from "./experiment";

(window as unknown as { backpropLabExperiments: { mount: typeof mount } }).backpropLabExperiments = { mount };
