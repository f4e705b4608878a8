// The app's Plotly chart (sales_dash/ui/plot.py): drawn by Plotly.react on one element
// that lives as long as the chart's key, so a rerun with new data draws it once, in place.
// st.plotly_chart mounts a chart anew whenever its figure changes and draws it twice.

const LOADING = "__salesDashPlotly";

// plotly.js from the Python plotly package (served by Streamlit), loaded once per page.
function plotlyFrom(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window[LOADING]) {
    window[LOADING] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        window[LOADING] = undefined; // the next chart tries again
        reject(new Error(`plotly.js did not load from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return window[LOADING];
}

function fullscreenButton(graph, title) {
  return {
    name: "fullscreen",
    title,
    icon: {
      width: 512,
      height: 512,
      path:
        "M32 32h160v64H96v96H32V32zm288 0h160v160h-64V96h-96V32zM32 320h64v96h96v64H32V320zm384 0h64v160H320v-64h96v-96z",
    },
    click: () => {
      const box = graph.parentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else box.requestFullscreen();
    },
  };
}

// The height the figure is drawn at: its own, the box's when it stretches or fills the screen.
function heightFor(graph, data, figure) {
  const box = graph.parentElement;
  if (document.fullscreenElement === box) return window.innerHeight;
  if (data.stretch) return Math.max(box.clientHeight, 120);
  return figure.layout.height;
}

// One config object per chart while its settings stay: plotly.js compares the config by
// reference, and a new one (a new full-screen button) makes it build the chart anew.
function configFor(graph, data) {
  const settings = JSON.stringify([data.config, data.fullscreen]);
  if (graph.__settings !== settings) {
    const config = { ...data.config, responsive: false };
    if (data.fullscreen) config.modeBarButtonsToAdd = [fullscreenButton(graph, data.fullscreen)];
    graph.__settings = settings;
    graph.__config = config;
  }
  return graph.__config;
}

function draw(Plotly, graph, data) {
  const figure = graph.__figure;
  const fills = data.stretch && document.fullscreenElement !== graph.parentElement;
  const height = heightFor(graph, data, figure);
  graph.style.height = fills ? "100%" : `${height}px`;
  // As wide as the box: plotly.js sizes a figure without a width once, at its first drawing.
  const width = graph.clientWidth || undefined;
  const layout = { ...figure.layout, height, width };
  graph.__drawnWidth = graph.clientWidth;
  return Plotly.react(graph, figure.data, layout, configFor(graph, data));
}

function watch(Plotly, graph) {
  if (graph.__watched) return;
  graph.__watched = true;
  const box = graph.parentElement;
  // A new width (the sidebar, the window, full screen) or, stretched, a new height.
  graph.__observer = new ResizeObserver(() => {
    const height = heightFor(graph, graph.__data, graph.__figure);
    const drawn = graph._fullLayout;
    if (!drawn) return;
    if (graph.clientWidth !== graph.__drawnWidth || height !== drawn.height) {
      draw(Plotly, graph, graph.__data);
    }
  });
  graph.__observer.observe(box);
  graph.on("plotly_click", (event) => {
    const point = event && event.points && event.points[0];
    if (!point || !graph.__data.clickable) return;
    graph.__trigger("select", {
      customdata: point.customdata === undefined ? null : point.customdata,
      x: point.x === undefined ? null : point.x,
      y: point.y === undefined ? null : point.y,
      curve_number: point.curveNumber,
      point_index: point.pointIndex,
    });
  });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let graph = parentElement.querySelector(":scope > .sales-dash-plot");
  const figure = JSON.parse(data.spec);
  if (!graph) {
    graph = document.createElement("div");
    graph.className = "sales-dash-plot";
    parentElement.appendChild(graph);
  }
  if (data.stretch) graph.style.height = "100%";
  else if (figure.layout.height) graph.style.height = `${figure.layout.height}px`; // its place
  graph.__figure = figure;
  graph.__data = data;
  graph.__trigger = setTriggerValue;
  plotlyFrom(data.script)
    .then((Plotly) => {
      if (graph.__figure !== figure) return undefined; // a newer figure came meanwhile
      return draw(Plotly, graph, data).then(() => watch(Plotly, graph));
    })
    .catch(() => {
      graph.textContent = data.failed; // text, never markup
    });
  // Called before each new figure too: let go only of a chart no longer in the page.
  return () =>
    setTimeout(() => {
      if (graph.isConnected) return;
      if (graph.__observer) graph.__observer.disconnect();
      if (window.Plotly) window.Plotly.purge(graph);
    }, 0);
}
