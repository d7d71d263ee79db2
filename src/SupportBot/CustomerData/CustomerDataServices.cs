namespace SupportBot.CustomerData;

internal static class CustomerDataServices
{
    /// A customer's journey, export and erasure: they read Customers' identities and Touchpoints' log together, so
    /// they live above both (neither of the two imports the other back).
    public static IServiceCollection AddCustomerData(this IServiceCollection services)
    {
        services.AddSingleton<JourneyStore>();
        services.AddSingleton<PrivacyStore>();
        return services;
    }
}
