"""CloudMove: the programme of moving a province's information systems to cloud."""

__version__ = '0.1.0'
