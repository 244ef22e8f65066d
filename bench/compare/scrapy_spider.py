"""The comparison job with Scrapy: run as
    scrapy runspider scrapy_spider.py -a urls=URLS_FILE -a regex=REGEX -s CONCURRENT_REQUESTS=C \
        -s CONCURRENT_REQUESTS_PER_DOMAIN=C -O OUT.jsonl:jsonlines
with robots.txt, AutoThrottle and INFO logging off (custom_settings below); other settings are Scrapy's defaults.
"""
import re

import scrapy


class TemperatureSpider(scrapy.Spider):
    name = "temperature"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, urls, regex, **kwargs):
        super().__init__(**kwargs)
        self.urls_file = urls
        self.rx = re.compile(regex)

    def start_requests(self):
        with open(self.urls_file, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield scrapy.Request(line.strip(), callback=self.parse)

    def parse(self, response):
        match = self.rx.search(response.text)
        yield {"url": response.url, "status": response.status, "temp": match.group(1) if match else None}
