using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningHealth.Web.Api;

/// <summary>The signed-in user's own notifications.</summary>
public static class NotificationsApi
{
    public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Notifications);

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me/notifications", ListAsync).WithTags("Me").WithName("GetMyNotifications")
            .WithSummary("The signed-in user's notifications, newest first, with the unread count").RequireAuthorization(Policies.SignedIn);
        return routes;
    }

    private static async Task<Ok<NotificationList>> ListAsync(ClaimsPrincipal user, Notifications notifications, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var list = await notifications.ListAsync(userId, cancellationToken);
        return TypedResults.Ok(new NotificationList(await notifications.UnreadCountAsync(userId, cancellationToken), list));
    }
}
