from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bookclub.accounts import personal_data, services
from bookclub.accounts.forms import DeleteAccountForm, ProfileForm
from bookclub.accounts.models import Block


@login_required
def settings_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@never_cache
def settings_export(request):
    """GET explains; POST downloads everything we hold about you as one JSON file."""
    if request.method != "POST":
        return render(request, "accounts/settings_export.html")
    data = services.export_account(request.user)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="bookclub-export-{stamp}.json"'
    return response


@login_required
@never_cache
def settings_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(
            user=request.user,
            password=form.cleaned_data["password"],
            remove_posts=form.cleaned_data["posts"] == "remove",
        )
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for reading with us.")
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "accounts/settings_delete.html", {"form": form}, status=status)


@login_required
def settings_privacy(request):
    blocks = Block.objects.filter(blocker=request.user).select_related("blocked")
    return render(
        request,
        "accounts/settings_privacy.html",
        {"blocks": blocks, "privacy_links": personal_data.privacy_links(request.user)},
    )


@login_required
@require_POST
def block_remove(request, block_id: int):
    if services.unblock_user(blocker=request.user, block_id=block_id):
        messages.success(request, "Unblocked. You will see their posts again.")
    return redirect("accounts:privacy")
