namespace PixelCnn.Numerics;

/// <summary>
/// Marks a member whose tensor temporaries live in its caller's dispose scope: every call of it comes from a member
/// that opens a scope (or carries this mark too). A tensor made by one call and passed straight to another is held
/// by nothing else, so without a scope a collection could finalize it while libtorch uses it; the source rule in
/// <c>ScalarLifetimeRuleTests</c> checks both the members and their callers.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = true)]
internal sealed class InCallersDisposeScopeAttribute : Attribute { }
