using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Localization;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Answering;

/// The escalation reasons that depend on how the customer feels and on the conversation so far, end to end
/// through the turn pipeline and the touchpoint log.
public sealed class EscalationPolicyTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public EscalationPolicyTests(SupportBotFactory factory)
    {
        _factory = factory;
        _ = factory.Server;
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    [Fact]
    public void An_upset_customer_is_handed_to_a_person_even_when_the_question_is_answerable()
    {
        var answer = Get<Answerer>().Answer("This is useless!! How do I reset my password?", []);

        Assert.Equal(AnswerDecision.Escalate, answer.Decision);
        Assert.Equal(EscalationReasons.NegativeSentiment, answer.EscalationReason);
        Assert.Equal(BotMessages.English.Frustrated, answer.Text);
    }

    [Fact]
    public void An_upset_Indonesian_customer_is_told_in_Indonesian()
    {
        var answer = Get<Answerer>().Answer("Saya sangat kecewa, aplikasinya tidak berguna", [], language: "id");

        Assert.Equal(EscalationReasons.NegativeSentiment, answer.EscalationReason);
        Assert.Equal(BotMessages.For("id").Frustrated, answer.Text);
    }

    [Fact]
    public async Task A_question_asked_again_after_the_bot_could_not_answer_it_goes_to_a_person()
    {
        var (replies, log) = await ConverseAsync("What is the capital of Mongolia?", "what is the capital city of Mongolia");

        Assert.Equal([EscalationReasons.OutOfScope, EscalationReasons.RepeatedFailure], log.Where(t => t.Kind == TouchpointKind.Escalation).Select(t => t.Reason!).ToArray());
        Assert.StartsWith(BotMessages.English.NotSure, replies[0], StringComparison.Ordinal);
        Assert.Equal(BotMessages.English.RepeatedFailure, replies[1]);
    }

    [Fact]
    public async Task A_question_asked_again_after_an_answer_did_not_help_goes_to_a_person()
    {
        var (replies, log) = await ConverseAsync("How do I reset my password?", "how can I reset my password??");

        // The repeat brings a person in; with no agent online here, the customer is asked to leave a message.
        Assert.Equal([TouchpointKind.BotAnswer, TouchpointKind.Escalation, TouchpointKind.Queued], log.Where(t => t.Kind != TouchpointKind.CustomerMessage).Select(t => t.Kind).ToArray());
        Assert.Equal(EscalationReasons.RepeatedFailure, log[^1].Reason);
        Assert.Equal(BotMessages.English.RepeatedFailure, replies[1]);
        Assert.Equal(BotMessages.English.OfflineNoAgents, replies[2]);
    }

    [Fact]
    public async Task A_follow_up_on_the_same_topic_is_not_a_repeat()
    {
        var (_, log) = await ConverseAsync("How do I reset my password?", "What if the password reset email never arrives?");

        Assert.Equal([TouchpointKind.BotAnswer, TouchpointKind.BotAnswer], log.Where(t => t.Kind != TouchpointKind.CustomerMessage).Select(t => t.Kind).ToArray());
    }

    private async Task<(List<string> Replies, IReadOnlyList<Touchpoint> Log)> ConverseAsync(params string[] messages)
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        for (var i = 0; i < messages.Length; i++)
        {
            await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, $"m{i}", messages[i]), sender, CancellationToken.None);
        }
        await Get<ConversationLanes>().DrainAsync();
        var replies = sender.Sent.Where(a => a.Type == ActivityTypes.Message).Select(a => a.Text!).ToList();
        return (replies, await Get<TouchpointStore>().GetRecentAsync(conversation, 20, CancellationToken.None));
    }

}
