namespace SupportBot.Customers;

internal static class CustomerServices
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<PrivacyAudit>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<CustomerVerifications>();
        services.AddSingleton<CustomerProfiles>();
        return services;
    }
}
