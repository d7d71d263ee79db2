using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Customers;
using SupportBot.Localization;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// Greets when a person joins. In Teams the bot being installed is the join: the full welcome in a personal chat, a
/// short one in a team or group chat, and nothing when other people join a team.
internal sealed class WelcomeHandler(
    EarlierRun earlierRun,
    CustomerStore customers,
    TouchpointStore touchpoints,
    IOptions<AnsweringOptions> answering,
    TimeProvider time) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } = [ActivityTypes.ConversationUpdate];

    public bool Matches(Activity activity) => WelcomeFor(activity) is not null;

    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        if (!(await earlierRun.FindAsync(turn, cancellationToken)).Answered)
        {
            await WelcomeAsync(turn, WelcomeFor(turn.Activity)!, cancellationToken);
        }
        return null;
    }

    private string? WelcomeFor(Activity activity)
    {
        var messages = BotMessages.For(activity.Locale);
        var company = answering.Value.CompanyName;
        if (activity.IsTeams())
        {
            return !activity.AddsBot() ? null : activity.IsPersonalChat() ? messages.Welcome(company) : messages.TeamWelcome(company);
        }
        return activity.MembersAdded?.Any(m => m.Id != activity.Recipient?.Id) == true ? messages.Welcome(company) : null;
    }

    private async Task WelcomeAsync(InboundTurn turn, string welcome, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var reply = activity.CreateReply(welcome) with { TextFormat = TextFormats.Markdown };
        // A conversationUpdate's from is the channel or the bot; the customer is the member who joined.
        var member = activity.MembersAdded?.FirstOrDefault(m => m.Id != activity.Recipient?.Id) ?? activity.From;
        if (member?.Id is not null)
        {
            reply = reply with { Recipient = new ChannelAccount { Id = member.Id } };
        }
        var id = await turn.Sender.SendAsync(reply, cancellationToken);
        var customer = await customers.ResolveAsync(activity, member, cancellationToken);
        await touchpoints.AppendAsync(TurnTouchpoints.New(activity, customer, TouchpointKind.Welcome, welcome, id, time), cancellationToken);
    }
}
