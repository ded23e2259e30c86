"""gongjian (攻坚): the platform on which district and city governments run their key-work campaign."""

__version__ = "0.1.0"
