using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels;
using SupportBot.Channels.BotFramework;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels.Teams;

/// What happens after the fact in a Teams conversation, replayed as Teams sends it (the corpus of TeamsCorpusTests):
/// a customer edits or deletes a message, the bot is uninstalled or removed, members leave.
public sealed class TeamsLifecycleTests : IAsyncLifetime, IDisposable
{
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
    }

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private async Task PostAsync(string fixture, string conversation, Action<JsonObject>? change = null)
    {
        var activity = JsonNode.Parse(Fixture.Read(fixture))!.AsObject();
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["conversation"]!["id"] = conversation;
        change?.Invoke(activity);
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        (await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content)).EnsureSuccessStatusCode();
        await Get<ConversationLanes>().DrainAsync();
    }

    private Task SayAsync(string conversation, string id, string text) => PostAsync("teams-personal-message", conversation, a =>
    {
        a["id"] = id;
        a["text"] = text;
    });

    private async Task<Touchpoint> LoggedAsync(string conversation, string id)
        => Assert.Single(await Get<TouchpointStore>().GetConversationAsync(conversation), t => t.Kind == TouchpointKind.CustomerMessage && t.ActivityId == id);

    private static string NewConversation() => $"a:{Guid.NewGuid():N}";

    [Fact]
    public async Task An_edited_message_is_what_the_log_keeps_and_each_later_edit_counts_while_a_retried_one_changes_nothing()
    {
        var conversation = NewConversation();
        await SayAsync(conversation, "1762965602113", "How do I reset my pasword?");

        await PostAsync("teams-message-edit", conversation, a => a["text"] = "How do I reset my password?");
        Assert.Equal("How do I reset my password?", (await LoggedAsync(conversation, "1762965602113")).Text);
        Assert.Equal(CustomerMessageChanges.Edited, (await LoggedAsync(conversation, "1762965602113")).Reason);

        await PostAsync("teams-message-edit", conversation, a =>
        {
            a["text"] = "How do I reset my password on the app?";
            a["timestamp"] = "2025-11-12T16:41:30.000Z";
        });
        Assert.Equal("How do I reset my password on the app?", (await LoggedAsync(conversation, "1762965602113")).Text);
        // An edit is not a question: the bot answered the message once and says nothing to its edits.
        Assert.Single(await Get<TouchpointStore>().GetConversationAsync(conversation), t => t.Kind == TouchpointKind.BotAnswer);
    }

    [Fact]
    public async Task A_deleted_message_leaves_no_words_in_the_log_the_inbox_or_the_handoff_summary_and_the_rest_stays()
    {
        var conversation = NewConversation();
        await SayAsync(conversation, "1762965602113", "My order 5521 never arrived");
        await SayAsync(conversation, "1762965602114", "I want to talk to a person");
        var summary = (await Get<HandoffService>().FindLatestAsync(conversation, CancellationToken.None))!.Summary;
        Assert.Contains("My order 5521 never arrived", summary, StringComparison.Ordinal);

        await PostAsync("teams-message-soft-delete", conversation);

        var deleted = await LoggedAsync(conversation, "1762965602113");
        Assert.Null(deleted.Text);
        Assert.Equal(CustomerMessageChanges.Deleted, deleted.Reason);
        Assert.Equal("I want to talk to a person", (await LoggedAsync(conversation, "1762965602114")).Text);
        var handoff = (await Get<HandoffService>().FindLatestAsync(conversation, CancellationToken.None))!;
        Assert.DoesNotContain("5521", handoff.Summary, StringComparison.Ordinal);
        await using var connection = await Get<Database>().OpenAsync();
        Assert.Empty(await connection.QueryAsync<string>(
            "SELECT activity FROM inbound_activities WHERE conversation_id = @conversation AND activity LIKE '%5521%'", new { conversation }));
    }

    [Fact]
    public async Task Uninstalled_the_bot_is_logged_sends_nothing_more_there_and_installed_again_it_may()
    {
        var conversation = NewConversation();
        _channel.Down = true;
        await SayAsync(conversation, "1762965602113", "How do I reset my password?");
        await SayAsync(conversation, "1762965602114", "I want to talk to a person");
        var handoff = (await Get<HandoffService>().FindLatestAsync(conversation, CancellationToken.None))!;
        Assert.NotEmpty(await Get<ConnectorOutbox>().ListAsync($"msteams/{conversation}", CancellationToken.None));

        await PostAsync("teams-installation-remove", conversation);
        await PostAsync("teams-members-removed-bot", conversation);

        var removed = Assert.Single(await Get<TouchpointStore>().GetConversationAsync(conversation), t => t.Kind == TouchpointKind.BotRemoved);
        Assert.Equal(ConversationDepartures.Uninstalled, removed.Reason);
        Assert.Null(await Get<ConversationSenders>().ForAsync(handoff, CancellationToken.None));
        Assert.All(await Get<ConnectorOutbox>().ListAsync($"msteams/{conversation}", CancellationToken.None), e => Assert.Equal(ConnectorOutbox.Dead, e.State));

        await PostAsync("teams-installation-add", conversation);
        Assert.NotNull(await Get<ConversationSenders>().ForAsync(handoff, CancellationToken.None));
    }

    [Fact]
    public async Task Members_leaving_a_team_are_logged_and_the_bot_stays()
    {
        var team = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await PostAsync("teams-members-removed-team", team);

        Assert.Single(await Get<TouchpointStore>().GetConversationAsync(team), t => t.Kind == TouchpointKind.MembersRemoved);
        Assert.False(await Get<ConversationDepartures>().HasLeftAsync(team, CancellationToken.None));
    }
}
