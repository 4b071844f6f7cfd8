from django.utils.functional import SimpleLazyObject

from reader.profile import ReaderProfile


def reader_profile(request):
    """The reader's profile on every page (the header says whether one is set); pages may pass their own."""
    return {"profile": SimpleLazyObject(lambda: ReaderProfile.from_request(request))}
