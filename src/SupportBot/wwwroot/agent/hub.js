// The live feed from /agent/hub (SignalR's browser client, loaded as a classic script before the modules).
const pingEveryMs = 60 * 1000;

export async function connect(handlers, onStatus) {
  const connection = new window.signalR.HubConnectionBuilder()
    .withUrl('/agent/hub')
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
  await connection.start();
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
