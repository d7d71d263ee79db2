using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Localization;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Handoff;

/// When nobody can take the conversation (no agent online, or outside business hours) the customer leaves a
/// message for the team instead of waiting with no end; it is kept as a ticket with the contact details given.
public sealed class HandoffAvailabilityTests
{
    private static async Task<(DirectLineClient Customer, Func<string, Task> Say, Func<Task<List<Activity>>> Said)> ConverseAsync(SupportBotFactory factory)
    {
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        async Task Say(string text)
        {
            (await customer.PostAsync(new { type = "message", from = new { id = "customer" }, text })).EnsureSuccessStatusCode();
            await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        }
        Task<List<Activity>> Said() => customer.BotActivitiesAsync();
        return (customer, Say, Said);
    }

    [Fact]
    public async Task With_no_agent_online_the_customer_leaves_a_message_with_their_contact_details()
    {
        using var factory = new SupportBotFactory();
        var (customer, say, said) = await ConverseAsync(factory);

        await say("I want to talk to a person");
        Assert.Equal(BotMessages.English.OfflineNoAgents, (await said())[^1].Text);
        await say("My bulb keeps blinking after the update. Reach me at dewi@example.com or +62 812 3456 7890.");

        Assert.Equal(BotMessages.English.TicketSaved("dewi@example.com, +62 812 3456 7890"), (await said())[^1].Text);
        var ticket = Assert.Single(await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId), t => t.Kind == TouchpointKind.Ticket);
        Assert.Equal("dewi@example.com, +62 812 3456 7890", ticket.Reason);
        Assert.StartsWith("My bulb keeps blinking", ticket.Text, StringComparison.Ordinal);
        var handoff = await factory.Services.GetRequiredService<HandoffStore>().FindLatestAsync(customer.ConversationId, CancellationToken.None);
        Assert.Equal(HandoffStates.Ticket, handoff!.State);

        // The message was the team's; the bot is back for the next one.
        await say("How do I reset my password?");
        Assert.Contains("reset-password", (await said())[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_business_hours_the_customer_is_told_the_hours_and_can_go_back_to_the_bot()
    {
        using var factory = new SupportBotFactory();
        // Open on every day but today (the factory's clock is now).
        var today = factory.Clock.GetUtcNow().DayOfWeek;
        var days = Enum.GetValues<DayOfWeek>().Where(d => d != today).ToList();
        for (var i = 0; i < days.Count; i++)
        {
            factory.Settings[$"Handoff:Hours:Days:{i}"] = days[i].ToString();
        }
        factory.Settings["Handoff:Hours:Open"] = "09:00";
        factory.Settings["Handoff:Hours:Close"] = "17:00";
        var (customer, say, said) = await ConverseAsync(factory);
        factory.Services.GetRequiredService<SupportBot.Agents.AgentPresence>().Seen("dewi"); // online, but out of hours

        await say("talk to an agent");
        var reply = (await said())[^1].Text!;
        Assert.StartsWith("Our support team is available ", reply, StringComparison.Ordinal);
        Assert.Contains("09:00–17:00 (UTC)", reply, StringComparison.Ordinal);

        await say("cancel");
        Assert.Equal(BotMessages.English.HandoffCancelled, (await said())[^1].Text);
        Assert.Empty(await factory.Services.GetRequiredService<HandoffStore>().ListOpenAsync(CancellationToken.None));
    }

    [Fact]
    public void Business_hours_are_read_in_their_time_zone_and_described_in_the_customers_language()
    {
        var hours = new BusinessHours { TimeZone = "Asia/Jakarta", Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], Open = "09:00", Close = "17:00" };

        // Monday 02:30 UTC is 09:30 in Jakarta; Friday 10:30 UTC is 17:30.
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 11, 23, 2, 30, 0, TimeSpan.Zero)));
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 11, 27, 10, 30, 0, TimeSpan.Zero)));
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero))); // Saturday
        Assert.Equal("Monday–Friday, 09:00–17:00 (Asia/Jakarta)", hours.Describe(BotMessages.English.Culture));
        Assert.Equal("Senin–Jumat, 09:00–17:00 (Asia/Jakarta)", hours.Describe(BotMessages.For("id").Culture));
        Assert.True(new BusinessHours().IsOpen(DateTimeOffset.UtcNow)); // no days configured: always open
    }
}
