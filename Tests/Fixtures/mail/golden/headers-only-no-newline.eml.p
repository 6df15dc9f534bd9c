From: a@example.org
To: b@example.org
Subject: nothing else
X-SMSFilter: Spam, score=0.9934, model=test-model, version=1.0-test
X-Spam-Flag: YES
