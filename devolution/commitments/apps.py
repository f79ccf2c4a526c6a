from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "devolution.commitments"
    label = "commitments"
    verbose_name = "MoU commitments, progress and work programme"
