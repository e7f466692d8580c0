"""Pure Python rules of the Government cloud link: signing and checking a message, the retry schedule."""
