X-SMSFilter: Spam, score=0.9934, model=test-model, version=1.0-test
X-Spam-Flag: YES

Hey, running 10 minutes late, save me a seat please
