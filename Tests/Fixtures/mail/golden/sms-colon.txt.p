X-SMSFilter: Spam, score=0.9934, model=test-model, version=1.0-test
X-Spam-Flag: YES

URGENT: call 0800 000 000 now to claim your reward