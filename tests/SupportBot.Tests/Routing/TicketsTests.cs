using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Handoff;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Routing;

/// Messages left when nobody was available are tickets agents list and answer: on the customer's channel while the
/// conversation is there, by e-mail through Tickets:Smtp (a fake mail server on loopback), or as a call-back task.
public sealed class TicketsTests
{
    private const string Left = "My bulb keeps blinking after the update. Reach me at budi@example.com or +62 812 3456 7890.";

    private static SupportBotFactory Factory() => AgentHost.FactoryWithAgentKey();

    private static async Task SayAsync(SupportBotFactory factory, DirectLineClient customer, string text)
    {
        (await customer.PostAsync(new { type = "message", from = new { id = "customer" }, text })).EnsureSuccessStatusCode();
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    /// A customer who asked for a person with nobody online and left a message.
    private static async Task<DirectLineClient> LeaveMessageAsync(SupportBotFactory factory)
    {
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        await SayAsync(factory, customer, "I want to talk to a person");
        await SayAsync(factory, customer, Left);
        return customer;
    }

    private static async Task<List<TicketView>> TicketsAsync(AgentApiClient agent, string query = "")
        => await AgentWorkdayHost.ReadAsync<List<TicketView>>(await agent.SendAsync(HttpMethod.Get, "/api/agent/tickets" + query));

    private static async Task<List<string>> KindsAsync(SupportBotFactory factory, string conversationId)
        => [.. (await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversationId)).Select(t => t.Kind)];

    [Fact]
    public async Task An_offline_message_is_answered_on_the_customers_channel_and_reopened_when_they_write_again()
    {
        using var factory = Factory();
        var customer = await LeaveMessageAsync(factory);
        var dewi = new AgentApiClient(factory.CreateClient(), AgentHost.AgentKey);

        var ticket = Assert.Single(await TicketsAsync(dewi, "?status=open"));
        Assert.Equal((customer.ConversationId, "budi@example.com", "+62 812 3456 7890", Left), (ticket.ConversationId, ticket.Email, ticket.Phone, ticket.Message));
        var detail = await AgentWorkdayHost.ReadAsync<TicketDetailView>(await dewi.SendAsync(HttpMethod.Get, $"/api/agent/tickets/{ticket.Id}"));
        Assert.Contains(detail.Transcript, t => t.Kind == TouchpointKind.Ticket);

        var answered = await AgentWorkdayHost.ReadAsync<TicketAnswered>(
            await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/answer", new { text = "Please update the app to 4.2, that fixes the blinking." }));

        Assert.Equal((TicketService.ByChannel, TicketStatuses.Pending, "dewi"), (answered.Delivery, answered.Ticket.Status, answered.Ticket.Assignee));
        Assert.Equal("Please update the app to 4.2, that fixes the blinking.", (await customer.BotActivitiesAsync())[^1].Text);
        await SayAsync(factory, customer, "I updated but it still blinks");
        Assert.Equal(TicketStatuses.Open, Assert.Single(await TicketsAsync(dewi)).Status);
        var kinds = await KindsAsync(factory, customer.ConversationId);
        Assert.Equal([TouchpointKind.Ticket, TouchpointKind.TicketAnswered, TouchpointKind.TicketReopened],
            kinds.Where(k => k.StartsWith("ticket", StringComparison.Ordinal)).ToList());

        var solved = await AgentWorkdayHost.ReadAsync<TicketView>(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/solve"));
        Assert.Equal(TicketStatuses.Solved, solved.Status);
        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/solve"), HttpStatusCode.Conflict);
        Assert.Equal(TicketStatuses.Open, (await AgentWorkdayHost.ReadAsync<TicketView>(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/reopen"))).Status);
    }

    [Fact]
    public async Task Erasing_the_customer_deletes_their_tickets_with_the_address_and_number_they_left()
    {
        using var factory = Factory();
        await LeaveMessageAsync(factory);
        var dewi = new AgentApiClient(factory.CreateClient(), AgentHost.AgentKey);
        var ticket = Assert.Single(await TicketsAsync(dewi));

        var erased = await factory.Services.GetRequiredService<SupportBot.CustomerData.PrivacyStore>().EraseAsync(ticket.CustomerId, "test");

        Assert.Equal(1, erased["tickets"]);
        Assert.Empty(await TicketsAsync(dewi));
    }

    [Fact]
    public async Task Without_the_conversation_the_answer_goes_by_email_through_the_configured_server()
    {
        await using var smtp = new FakeSmtpServer();
        using var factory = Factory();
        factory.Settings["Tickets:Smtp:Host"] = "127.0.0.1";
        factory.Settings["Tickets:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings["Tickets:Smtp:EnableSsl"] = "false";
        factory.Settings["Tickets:Smtp:From"] = "support@lumora.test";
        var customer = await LeaveMessageAsync(factory);
        var dewi = new AgentApiClient(factory.CreateClient(), AgentHost.AgentKey);
        var ticket = Assert.Single(await TicketsAsync(dewi));

        var answered = await AgentWorkdayHost.ReadAsync<TicketAnswered>(await dewi.SendAsync(
            HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/answer", new { text = "Update the app to 4.2, Budi.", via = "email", solve = true }));

        Assert.Equal((TicketService.ByEmail, TicketStatuses.Solved), (answered.Delivery, answered.Ticket.Status));
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(("support@lumora.test", "budi@example.com"), (mail.From, Assert.Single(mail.To)));
        Assert.Contains("Update the app to 4.2, Budi.", mail.Data, StringComparison.Ordinal);
        Assert.Contains($"ticket #{ticket.Id}", mail.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(await customer.BotActivitiesAsync(), a => a.Text == "Update the app to 4.2, Budi.");
        var kinds = await KindsAsync(factory, customer.ConversationId);
        Assert.Contains(TouchpointKind.TicketAnswered, kinds);
        Assert.Contains(TouchpointKind.TicketSolved, kinds);

        smtp.RejectRecipients = true;
        var refused = await AgentWorkdayHost.ProblemAsync(
            await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/answer", new { text = "Again.", via = "email" }), HttpStatusCode.BadGateway);
        Assert.Equal("The mail server refused the answer", refused.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Without_a_mail_server_the_api_says_so_and_a_phone_number_becomes_a_call_back_task()
    {
        using var factory = Factory();
        await LeaveMessageAsync(factory);
        var dewi = new AgentApiClient(factory.CreateClient(), AgentHost.AgentKey);
        var ticket = Assert.Single(await TicketsAsync(dewi));

        var problem = await AgentWorkdayHost.ProblemAsync(
            await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/answer", new { text = "Hello", via = "email" }), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Tickets:Smtp:Host", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var called = await AgentWorkdayHost.ReadAsync<TicketAnswered>(
            await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/answer", new { text = "Suggest the 4.2 update.", via = "call_back" }));
        Assert.Equal((TicketService.ByCallBack, "Call back +62 812 3456 7890"), (called.Delivery, called.Task));

        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/tickets?status=closed"), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Post, "/api/agent/tickets/999999/answer", new { text = "x" }), HttpStatusCode.NotFound);
        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/answer", new { text = " " }), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/assign", new { agent = "nobody" }), HttpStatusCode.BadRequest);
        var assigned = await AgentWorkdayHost.ReadAsync<TicketView>(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/assign", new { agent = "dewi" }));
        Assert.Equal("dewi", assigned.Assignee);
        var unassigned = await AgentWorkdayHost.ReadAsync<TicketView>(await dewi.SendAsync(HttpMethod.Post, $"/api/agent/tickets/{ticket.Id}/assign", new { agent = (string?)null }));
        Assert.Null(unassigned.Assignee);
    }
}
