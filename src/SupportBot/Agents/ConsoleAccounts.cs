using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SupportBot.Agents;

/// The accounts behind console cookies, read again at most every Agents:SessionRecheckSeconds, so a cookie request
/// costs no store read while a supervisor's change still reaches every instance within that interval. Changes made
/// on this instance are forgotten at once.
internal sealed class ConsoleAccounts(AgentAccountStore accounts, IOptions<AgentOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (AgentAccount? Account, DateTimeOffset ReadAt)> _read = new(StringComparer.OrdinalIgnoreCase);

    public async Task<AgentAccount?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_read.TryGetValue(id, out var read) && now - read.ReadAt < TimeSpan.FromSeconds(options.Value.SessionRecheckSeconds))
        {
            return read.Account;
        }
        var account = await accounts.FindAsync(id, cancellationToken);
        _read[id] = (account, now);
        return account;
    }

    public void Forget(string id) => _read.TryRemove(id, out _);
}
