using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Touchpoints;
using static SupportBot.Tests.Agents.AgentWorkdayHost;

namespace SupportBot.Tests.Agents;

/// Private notes through the agent API: logged as private, shown to the consoles, never sent to the customer; an
/// @mention tells the colleague's console alone.
public sealed class PrivateNotesTests(AgentWorkdayHost host) : IClassFixture<AgentWorkdayHost>
{
    private static string Notes(string conversationId) => $"/api/agent/conversations/{conversationId}/notes";

    [Fact]
    public async Task A_note_is_logged_as_private_shown_to_consoles_and_never_reaches_the_customer()
    {
        var customer = await host.CustomerWithDewiAsync();
        await using var dewiFeed = await ConsoleFeed.ConnectAsync(host.Agents.Factory, AgentHost.AgentKey);
        await using var sariFeed = await ConsoleFeed.ConnectAsync(host.Agents.Factory, AgentHost.SupervisorKey);
        var before = (await customer.GetActivitiesAsync()).Activities.Count;

        var note = await ReadAsync<AgentNoteView>(
            await host.Dewi().SendAsync(HttpMethod.Post, Notes(customer.ConversationId), new { text = "Card ends 4242, @sari can you approve the refund?" }));

        Assert.Equal(new[] { "sari" }, note.Mentioned);
        var mention = await sariFeed.NextAsync(HandoffNotifier.Mentioned, customer.ConversationId);
        Assert.Equal(("dewi", "Dewi"), (mention.GetProperty("byAgentId").GetString(), mention.GetProperty("byAgentName").GetString()));
        var shown = await dewiFeed.NextAsync(HandoffNotifier.AgentNote, customer.ConversationId);
        Assert.Equal(note.Text, shown.GetProperty("text").GetString());

        // Sari mentions dewi back: the first mention dewi's console gets is this one, so the one for sari never came.
        (await host.Sari().SendAsync(HttpMethod.Post, Notes(customer.ConversationId), new { text = "Approved. @dewi go ahead." })).EnsureSuccessStatusCode();
        var back = await dewiFeed.NextAsync(HandoffNotifier.Mentioned, customer.ConversationId);
        Assert.Equal("sari", back.GetProperty("byAgentId").GetString());
        Assert.DoesNotContain(dewiFeed.PassedOver, e => e.Event == HandoffNotifier.Mentioned);

        var logged = (await host.Agents.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId))
            .Where(t => t.Kind == TouchpointKind.AgentNote).ToList();
        Assert.Equal(new (string?, string?)[] { ("dewi", PrivateNotes.PrivateReason), ("sari", PrivateNotes.PrivateReason) }, logged.Select(t => (t.AgentId, t.Reason)));
        var transcript = await host.Dewi().TranscriptAsync(customer.ConversationId);
        Assert.Contains(transcript.Transcript, t => t.Kind == TouchpointKind.AgentNote && t.Text == note.Text);
        // The customer's channel got nothing: no new activity, and no note's words anywhere in the conversation.
        (await host.Dewi().ReplyAsync(customer.ConversationId, "Your refund is approved.")).EnsureSuccessStatusCode();
        var activities = (await customer.GetActivitiesAsync()).Activities;
        Assert.Equal(before + 1, activities.Count);
        Assert.DoesNotContain(activities, a => a.Text?.Contains("4242", StringComparison.Ordinal) == true || a.Text?.Contains("Approved.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Bad_notes_are_refused_with_a_problem_and_logged_nowhere()
    {
        var customer = await host.CustomerWithDewiAsync();

        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Post, Notes(customer.ConversationId), new { text = "  " }), HttpStatusCode.BadRequest);
        await ProblemAsync(
            await host.Dewi().SendAsync(HttpMethod.Post, Notes(customer.ConversationId), new { text = new string('n', AgentApi.MaxMessageLength + 1) }), HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync(
            await host.Dewi().SendAsync(HttpMethod.Post, Notes(customer.ConversationId), new { text = "@nobody-here please look" }), HttpStatusCode.BadRequest);
        Assert.Contains("@nobody-here", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Post, Notes("no-such-conversation"), new { text = "hello" }), HttpStatusCode.NotFound);

        var transcript = await host.Dewi().TranscriptAsync(customer.ConversationId);
        Assert.DoesNotContain(transcript.Transcript, t => t.Kind == TouchpointKind.AgentNote);
    }

    [Fact]
    public void Mentions_are_ids_after_an_at_sign_that_starts_a_word()
    {
        Assert.Equal(new[] { "sari", "lead", "ana@contoso.com" }, PrivateNotes.Mentions("@sari and @lead, also @ana@contoso.com. Not mail@example.com or @ alone; @SARI again."));
    }
}
