// The live feed from /agent/hub (SignalR's browser client, loaded as a classic script before the modules).
const pingEveryMs = 60 * 1000;

// One WebSocket straight to the hub, with no negotiate request before it: nothing has to reach the same instance
// twice, so several instances need no sticky sessions (the sign-in cookie travels with the WebSocket request).
const direct = { transport: window.signalR.HttpTransportType.WebSockets, skipNegotiation: true };
// Only where WebSockets do not get through (a proxy that drops the upgrade): negotiate, then long polling. That
// needs sticky sessions for /agent/hub when there are several instances (README, "Running several instances").
const fallback = { transport: window.signalR.HttpTransportType.LongPolling };

function build(transport, handlers, onStatus) {
  const connection = new window.signalR.HubConnectionBuilder()
    .withUrl('/agent/hub', transport)
    .withAutomaticReconnect()
    .configureLogging(window.signalR.LogLevel.Warning)
    .build();
  for (const [event, handler] of Object.entries(handlers)) {
    connection.on(event, handler);
  }
  connection.onreconnecting(() => onStatus(false));
  // Events missed while away are read again from the API.
  connection.onreconnected(() => {
    onStatus(true);
    handlers.queueChanged?.({});
  });
  connection.onclose(() => onStatus(false));
  return connection;
}

export async function connect(handlers, onStatus) {
  let connection = build(direct, handlers, onStatus);
  try {
    await connection.start();
  } catch {
    connection = build(fallback, handlers, onStatus);
    await connection.start();
  }
  onStatus(true);
  // Pings keep the agent counted as online (AgentPresence) while the console is open.
  const ping = setInterval(() => {
    if (connection.state === window.signalR.HubConnectionState.Connected) connection.invoke('Ping').catch(() => {});
  }, pingEveryMs);
  return {
    stop: async () => {
      clearInterval(ping);
      await connection.stop();
    },
  };
}
