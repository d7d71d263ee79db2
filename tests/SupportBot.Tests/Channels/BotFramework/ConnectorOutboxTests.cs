using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage;

namespace SupportBot.Tests.Channels.BotFramework;

/// Whether a conversation has replies waiting, which every reply asks first: on SQLite known without a query while
/// the outbox is seen empty, and never wrong once an entry is added.
public sealed class ConnectorOutboxTests : IAsyncLifetime, IDisposable
{
    private readonly TestStore _store = new();
    private Database _database = null!;
    private ConnectorOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _database = new Database(new StorageOptions { Provider = _store.Provider, ConnectionString = _store.ConnectionString }, Path.GetTempPath());
        await MigrationTests.MigrateAsync(_database);
        _outbox = new ConnectorOutbox(_database, TimeProvider.System);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public void Dispose() => _store.Dispose();

    private static Activity Reply(string conversation) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        Conversation = new ConversationAccount { Id = conversation },
        Text = "an answer",
    };

    [Fact]
    public async Task An_entry_added_after_the_outbox_was_seen_empty_holds_back_its_conversation_until_delivered()
    {
        await _outbox.NoteWhetherEmptyAsync(CancellationToken.None);
        Assert.False(await _outbox.HasPendingAsync("msteams/a", CancellationToken.None));

        await _outbox.AddAsync(Reply("a"), "channel down", CancellationToken.None);

        Assert.True(await _outbox.HasPendingAsync("msteams/a", CancellationToken.None));
        Assert.False(await _outbox.HasPendingAsync("msteams/b", CancellationToken.None));
        // Seen again while the entry waits: still pending.
        await _outbox.NoteWhetherEmptyAsync(CancellationToken.None);
        Assert.True(await _outbox.HasPendingAsync("msteams/a", CancellationToken.None));

        var entry = Assert.Single(await _outbox.DueAsync(10, CancellationToken.None));
        await _outbox.DeliveredAsync(entry.Id, CancellationToken.None);
        await _outbox.NoteWhetherEmptyAsync(CancellationToken.None);
        Assert.False(await _outbox.HasPendingAsync("msteams/a", CancellationToken.None));
    }

    [Fact]
    public async Task Entries_left_by_an_earlier_run_are_found_before_any_look()
    {
        await _outbox.AddAsync(Reply("a"), "channel down", CancellationToken.None);
        var restarted = new ConnectorOutbox(_database, TimeProvider.System);

        Assert.True(await restarted.HasPendingAsync("msteams/a", CancellationToken.None));
        await restarted.NoteWhetherEmptyAsync(CancellationToken.None);
        Assert.True(await restarted.HasPendingAsync("msteams/a", CancellationToken.None));
    }
}
