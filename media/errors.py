from http import HTTPStatus


class MediaProblem(Exception):
    """An error the routes answer as RFC 9457 problem details."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

    @property
    def title(self) -> str:
        return HTTPStatus(self.status).phrase
