using SupportBot.Answering;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics.Demo;

/// Realistic demo journeys over the last days, from a seeded random source (the same seed and day give the same
/// data): customers on several channels ask about the sample knowledge base's topics; the bot answers, or
/// escalates with a reason; agents take the queue with waits that grow at busy hours; some customers give up
/// waiting; surveys are rated by what happened (long waits, asking again, answers that missed lower them), and some
/// customers bought something. Conversation ids start with Prefix, so a new seeding replaces the old one.
internal sealed class DemoJourneys(Random random, DateTimeOffset now, int days, Random? recontacts = null)
{
    /// Customers write again on the same topic within a few days: half of those the help center could not answer,
    /// one in twenty of those it did (the topic the knowledge base misses drives re-contact). Drawn from a random
    /// source of their own, so the journeys and ratings the driver analysis reads are the same with or without them.
    public const double GapRecontact = 0.5;
    public const double AnsweredRecontact = 0.05;
    private readonly Random _recontacts = recontacts ?? new Random(0);

    public const string Prefix = "demo-";
    private static readonly (string Channel, double Weight)[] Channels = [("directline", 0.5), ("msteams", 0.3), ("webchat", 0.12), ("slack", 0.08)];
    private static readonly string[] Agents = ["dewi", "budi", "sari", "tomas", "lena", "mika"];
    private static readonly string[] Products = ["Lumora Hub starter kit ($129.00)", "Lumora Bulb 4-pack ($59.96)", "Lumora Lightstrip 2m ($49.99)", "Lumora Plus yearly ($39.00)"];
    private readonly Dictionary<int, DemoCustomer> _customers = [];
    private readonly double _totalWeight = DemoTopic.All.Sum(t => t.Weight);

    /// The touchpoints of journey number `n`, among `total`: a conversation, and a purchase when its customer is new
    /// and a buyer.
    public IReadOnlyList<Touchpoint> Journey(int n, int total)
    {
        // About a third of conversations come from a customer who wrote before.
        var customerNumber = random.Next((int)(total * 0.68) + 1);
        var isNew = !_customers.TryGetValue(customerNumber, out var customer);
        if (customer is null)
        {
            customer = new DemoCustomer($"{Prefix}customer-{customerNumber:00000}", Pick(Channels), random.NextDouble() < 0.15, random.NextDouble() < 0.35);
            _customers[customerNumber] = customer;
        }
        var start = StartTime();
        var conversation = new DemoConversation($"{Prefix}{n:00000}", customer, start);
        var touchpoints = new List<Touchpoint>();
        if (isNew && customer.Purchaser)
        {
            touchpoints.Add(conversation.Purchase(start.AddDays(-random.Next(1, 30)), Products[random.Next(Products.Length)]));
        }
        var topic = Converse(conversation);
        touchpoints.AddRange(conversation.Touchpoints);
        touchpoints.AddRange(Recontact(n, customer, start, topic, conversation.Touchpoints.First(t => t.Kind == TouchpointKind.CustomerMessage).Text!));
        return touchpoints;
    }

    // The same customer asks the same question again, in the same words, one to four days later, where that day has
    // come: the bot does as it did (an answer, or "not sure" and the offer of a person they decline this time). No
    // survey follows.
    private IReadOnlyList<Touchpoint> Recontact(int n, DemoCustomer customer, DateTimeOffset first, DemoTopic topic, string question)
    {
        var again = first.AddHours(24 + (_recontacts.NextDouble() * 72));
        if (_recontacts.NextDouble() >= (topic.IsGap ? GapRecontact : AnsweredRecontact) || again >= now.AddMinutes(-90))
        {
            return [];
        }
        var c = new DemoConversation($"{Prefix}{n:00000}-again", customer, again);
        c.Add(TouchpointKind.CustomerMessage, question, 10);
        if (topic.IsGap)
        {
            c.Add(TouchpointKind.Escalation, "I'm not sure about that one. Would you like to talk to a person?", 1.4, EscalationReasons.LowConfidence);
        }
        else
        {
            c.Answer(topic, 0.6, 1.4);
        }
        return c.Touchpoints;
    }

    private DemoTopic Converse(DemoConversation c)
    {
        var topic = PickTopic();
        var indonesian = c.Customer.Indonesian && topic.Indonesian.Count > 0;
        var question = indonesian ? Pick(topic.Indonesian) : Pick(topic.Questions);
        if (c.Customer.Channel is "directline" or "webchat")
        {
            c.Add(TouchpointKind.Welcome, "Hi! I'm the Lumora assistant. Ask me anything.", 0);
        }
        c.Add(TouchpointKind.CustomerMessage, question, Seconds(5, 40));
        var journey = new DemoOutcome();
        string? reason = null;
        if (topic.IsGap)
        {
            reason = random.NextDouble() < 0.6 ? EscalationReasons.LowConfidence : EscalationReasons.OutOfScope;
            c.Add(TouchpointKind.Escalation, "I'm not sure about that one. Would you like to talk to a person?", Latency(), reason);
            journey.FailedAnswer = true;
            if (random.NextDouble() >= 0.55)
            {
                return topic;
            }
            c.Add(TouchpointKind.CustomerMessage, "yes", Seconds(3, 20));
        }
        else
        {
            var confidence = 0.35 + (random.NextDouble() * 0.6);
            var answerId = c.Answer(topic, confidence, Latency());
            var roll = random.NextDouble();
            if (roll < 0.25 && random.NextDouble() < (confidence < 0.5 ? 0.5 : 0.08))
            {
                c.Feedback("dislike", answerId, Seconds(10, 60));
                journey.Disliked = true;
            }
            if (topic.AccountAction && roll < 0.5)
            {
                reason = EscalationReasons.AccountAction;
                c.Add(TouchpointKind.CustomerMessage, "Can someone do it for me?", Seconds(20, 90));
            }
            else if (roll < 0.09)
            {
                reason = EscalationReasons.RepeatedFailure;
                journey.Repeated = true;
                c.Add(TouchpointKind.CustomerMessage, Pick(topic.Questions), Seconds(20, 90));
            }
            else if (roll < 0.13)
            {
                reason = EscalationReasons.NegativeSentiment;
                journey.Upset = true;
                c.Add(TouchpointKind.CustomerMessage, "This is useless, nothing works!!", Seconds(20, 90));
            }
            else if (roll < 0.21)
            {
                reason = EscalationReasons.CustomerAsked;
                c.Add(TouchpointKind.CustomerMessage, "Can I talk to a person?", Seconds(20, 90));
            }
            else
            {
                if (!journey.Disliked && random.NextDouble() < 0.22)
                {
                    c.Feedback(random.NextDouble() < 0.85 ? "like" : "dislike", answerId, Seconds(10, 60));
                }
                if (random.NextDouble() < 0.35)
                {
                    c.Add(TouchpointKind.CustomerMessage, indonesian ? "Terima kasih" : "Thanks!", Seconds(10, 60));
                    c.Add(TouchpointKind.SmallTalk, "You're welcome!", 0.4);
                }
                return topic;
            }
            c.Add(TouchpointKind.Escalation, "Let me bring in a person from the team.", Latency(), reason);
        }
        new DemoHandoff(random, c, journey, Pick(Agents)).Run(reason!);
        return topic;
    }

    private DateTimeOffset StartTime()
    {
        while (true)
        {
            // Traffic grows a little towards today; fewer people write at weekends and at night (UTC).
            var u = random.NextDouble();
            var daysAgo = random.NextDouble() < 0.7 ? u * days : days * (1 - Math.Sqrt(u));
            var day = now.UtcDateTime.Date.AddDays(-Math.Floor(daysAgo));
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && random.NextDouble() < 0.5)
            {
                continue;
            }
            var hour = Math.Clamp(14 + (Normal() * 3.5), 0, 23.9);
            var start = new DateTimeOffset(day.AddHours(hour), TimeSpan.Zero);
            if (start < now.AddMinutes(-90))
            {
                return start;
            }
        }
    }

    private DemoTopic PickTopic()
    {
        var x = random.NextDouble() * _totalWeight;
        foreach (var topic in DemoTopic.All)
        {
            x -= topic.Weight;
            if (x < 0)
            {
                return topic;
            }
        }
        return DemoTopic.All[^1];
    }

    private string Pick(IReadOnlyList<string> items) => items[random.Next(items.Count)];

    private string Pick((string Value, double Weight)[] weighted)
    {
        var x = random.NextDouble() * weighted.Sum(w => w.Weight);
        foreach (var (value, weight) in weighted)
        {
            x -= weight;
            if (x < 0)
            {
                return value;
            }
        }
        return weighted[^1].Value;
    }

    private double Seconds(double min, double max) => min + (random.NextDouble() * (max - min));

    // Answers take about 1.4 s, some much longer (a slow model call).
    private double Latency() => 1.4 * Math.Exp(0.5 * Normal());

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal sealed record DemoCustomer(string Id, string Channel, bool Indonesian, bool Purchaser);

/// What happened in a journey, which its survey rating depends on.
internal sealed class DemoOutcome
{
    public bool FailedAnswer { get; set; }
    public bool Disliked { get; set; }
    public bool Repeated { get; set; }
    public bool Upset { get; set; }
}
