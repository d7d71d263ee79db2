namespace SupportBot.Analytics.Demo;

/// What demo customers ask: the sample knowledge base's articles, each in a few wordings (Indonesian where the
/// article has a translation), and questions the knowledge base has no answer for, which become its gaps.
internal sealed record DemoTopic(string? ArticleId, string Title, IReadOnlyList<string> Questions, IReadOnlyList<string> Indonesian, double Weight, bool AccountAction = false)
{
    public bool IsGap => ArticleId is null;

    public static readonly IReadOnlyList<DemoTopic> All =
    [
        new("account/reset-password", "Reset your password",
            ["How do I reset my password?", "I forgot my password", "password reset link not working", "Can't log in, need to reset my password"],
            ["Bagaimana cara mengatur ulang kata sandi saya?", "Saya lupa kata sandi"], 9),
        new("billing/refund-timing", "When will I get my refund?",
            ["When will I get my refund?", "Where is my refund?", "refund still not on my card", "How long does a refund take?"],
            ["Kapan dana pengembalian saya akan masuk?"], 9),
        new("orders/track-order", "Track your order",
            ["Where is my order?", "How do I track my order?", "tracking number for my order", "My order hasn't arrived yet"],
            ["Bagaimana cara melacak pesanan saya?", "Di mana pesanan saya?"], 10),
        new("troubleshooting/hub-offline", "Lumora Hub is offline",
            ["My hub is offline", "Hub light is solid orange", "Lumora Hub keeps disconnecting"], [], 7),
        new("troubleshooting/bulb-wont-pair", "Lumora Bulb won't pair",
            ["My bulb won't pair", "The new bulb doesn't show up in the app", "Can't connect bulb to the app"], [], 6),
        new("troubleshooting/lightstrip-flickering", "Lumora Lightstrip is flickering",
            ["My lightstrip is flickering", "Lightstrip flickers when dimmed"], [], 3),
        new("troubleshooting/app-crashes", "Lumora app crashes or won't open",
            ["The app keeps crashing", "Lumora app won't open on my phone"], [], 4),
        new("returns/start-a-return", "How to start a return",
            ["How do I return an item?", "I want to return my lightstrip", "Start a return for my order"], [], 6),
        new("returns/damaged-items", "Report a damaged or wrong item",
            ["My bulb arrived broken", "I received the wrong item", "The package was damaged"], [], 4),
        new("orders/change-or-cancel-order", "Change or cancel an order",
            ["Can I cancel my order?", "I need to change my shipping address", "Cancel order please"], [], 5),
        new("orders/shipping-times-and-costs", "Shipping times and costs in the US",
            ["How long does shipping take?", "How much is shipping?", "Do you offer free shipping?"], [], 4),
        new("billing/failed-payment", "Fix a failed or declined payment",
            ["My payment was declined", "Why did my payment fail?"], [], 4),
        new("billing/cancel-lumora-plus", "Cancel Lumora Plus",
            ["How do I cancel Lumora Plus?", "Cancel my subscription"], [], 3, AccountAction: true),
        new("billing/invoices", "Get an invoice or receipt",
            ["I need an invoice for my order", "Where can I download my receipt?"], [], 2),
        new("account/change-email", "Change the email address on your account",
            ["How do I change my email address?", "Update the email on my account"], [], 2, AccountAction: true),
        new("account/delete-account", "Delete your Lumora account",
            ["Please delete my account", "How do I close my Lumora account?"], [], 2, AccountAction: true),
        new("returns/warranty-claims", "Make a warranty claim",
            ["My hub stopped working after a year, is it under warranty?", "How do I make a warranty claim?"], [], 2),
        new("privacy/download-your-data", "Download a copy of your data",
            ["How can I download my data?", "I want a copy of my personal data"], [], 1),
        new(null, "Voice assistants",
            ["Does Lumora work with Alexa?", "Can I control the bulbs with Google Home?", "Alexa integration with Lumora hub", "Does the bulb work with Apple HomeKit?"], [], 4),
        new(null, "Discounts",
            ["Is there a student discount?", "Do you have a discount code?", "Any discount for buying ten bulbs?"], [], 3),
        new(null, "Instalments",
            ["Can I pay in instalments with Klarna?", "Do you offer Klarna or pay later?"], [], 2),
        new(null, "Outdoor use",
            ["Can I use the lightstrip outdoors?", "Is the bulb waterproof for outdoor use?"], [], 2),
        new(null, "Energy use",
            ["How much energy does a Lumora bulb use?", "What is the wattage of the bulb?"], [], 1),
    ];
}
