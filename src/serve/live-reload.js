// Served only by `scorecard serve`, never part of a built site: reloads the page when
// a newer build of the site is ready, including after the input was broken and fixed.
(() => {
  "use strict";
  const shown = document.currentScript.dataset.version;
  const address = `ws://${location.host}/__scorecard/live-reload`;
  let wait = 250;
  function listen() {
    const socket = new WebSocket(address);
    // The server names the current build on connection and after every build.
    socket.onmessage = (message) => {
      wait = 250;
      if (message.data !== shown) {
        socket.onclose = null;
        socket.close();
        location.reload();
      }
    };
    // The server stopped or restarted: try again, backing off to every 5 s. A build
    // made meanwhile is named on reconnection, so it is never missed.
    socket.onclose = () => {
      setTimeout(listen, wait);
      wait = Math.min(wait * 2, 5000);
    };
  }
  listen();
})();
